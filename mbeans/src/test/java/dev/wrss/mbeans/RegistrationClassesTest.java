package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What building, registering and reading the beans loads into a JVM, as the JVM's own class-load log shows it.
 * The beans are built inside the host at start, where every lambda is a hidden class of its own and a
 * LambdaMetafactory linkage; a child JVM keeps the JDK's and the test's classes out of the count.
 */
class RegistrationClassesTest {

    @Test
    void registeringAndReadingEveryBeanLinksNoLambdaAndLoadsNoInterface(@TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("classes.txt");
        Process child =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xlog:class+load=info:file=" + log,
                                "-cp",
                                System.getProperty("java.class.path"),
                                RegisterAndReadAll.class.getName())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child still running");
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.startsWith("read "), out);

        List<String> mainClasses = new ArrayList<>();
        List<String> lambdas = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // "[0.123s][info][class,load] dev.wrss.mbeans.FootprintBean source: file:/.../classes/"
            int at = line.indexOf("] dev.wrss.mbeans.");
            if (at < 0) {
                continue;
            }
            String name = line.substring(at + 2, line.indexOf(' ', at + 2));
            int lambda = name.indexOf("$$Lambda");
            if (lambda >= 0 && isMainClass(name.substring(0, lambda))) {
                lambdas.add(name);
            } else if (lambda < 0 && isMainClass(name)) {
                mainClasses.add(name);
            }
        }
        assertTrue(mainClasses.contains(FootprintBean.class.getName()), mainClasses.toString());
        assertEquals(List.of(), lambdas);
        // the MBeanInfo names its interface; the interface itself serves clients, not the host
        assertEquals(List.of(), mainClasses.stream().filter(c -> c.endsWith("MXBean")).toList());
    }

    /** A class of the published module, not of the test tree (whose fixtures may use lambdas). */
    private static boolean isMainClass(String name) {
        Path classes =
                Path.of(
                        FootprintBean.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .getPath());
        return Files.exists(classes.resolve(name.replace('.', '/') + ".class"));
    }
}
