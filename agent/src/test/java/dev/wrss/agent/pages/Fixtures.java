package dev.wrss.agent.pages;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the miniature trees under src/test/resources/pages. */
public final class Fixtures {

    private Fixtures() {}

    public static Path of(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/pages/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " missing", e);
        }
    }
}
