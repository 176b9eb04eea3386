package dev.wrss.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.management.MBeanServerConnection;

/**
 * A scrape of /metrics taken in a quiet moment: the wrss MBeans answered from the same scan just before and
 * just after it, so the scrape saw that scan too and can be compared with {@link #reading()} value by value.
 */
record QuietScrape(WrssReading reading, Exposition scrape, String text, int attempts) {

    /** Tries up to {@code attempts} times; null if a scan landed during every scrape. */
    static QuietScrape take(MBeanServerConnection jmx, URI metrics, int attempts) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            // a scan of our own first, so that the next periodic one is as far away as it gets
            jmx.invoke(
                    WrssReading.name("wrss:type=Footprint"), "scan", new Object[0], new String[0]);
            WrssReading before = WrssReading.read(jmx);
            String text = get(client, metrics);
            WrssReading after = WrssReading.read(jmx);
            if (before.snapshotIds().size() == 1
                    && before.snapshotIds().equals(after.snapshotIds())) {
                System.out.println(
                        "quiet after " + attempt + " attempt(s), scan #" + before.snapshotId());
                return new QuietScrape(before, Exposition.parse(text), text, attempt);
            }
        }
        return null;
    }

    /** The body of a GET that must answer 200; the scrapes of both exporters' tests go through it. */
    static String get(HttpClient client, URI uri) throws Exception {
        HttpResponse<String> r =
                client.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
