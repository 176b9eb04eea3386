package dev.wrss.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Copies of what a child run as another user (nobody) needs from the clone: class directories and the agent jar.
 * A clone may sit in a directory that user cannot traverse (a 0700 home, /root), so the child reads a copy in a
 * fresh world-readable temporary directory instead; the copies are removed when the test JVM exits.
 */
public final class WorldReadable {

    private static final Map<Path, Path> COPIES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> COPIES.values().forEach(WorldReadable::delete)));
    }

    private WorldReadable() {}

    /** A world-readable copy of {@code source} (a file or a directory tree), made once per test JVM. */
    public static Path copy(Path source) {
        return COPIES.computeIfAbsent(source.toAbsolutePath().normalize(), WorldReadable::copyNow)
                .resolve(source.getFileName());
    }

    /** The classpath entry of {@code c}, copied. */
    public static Path classesOf(Class<?> c) {
        try {
            return copy(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copyNow(Path source) {
        try {
            Path dir = Files.createTempDirectory("wrss-world-readable");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path target = dir.resolve(source.getFileName());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(source.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                        Files.setPosixFilePermissions(
                                to, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(
                                to, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " for another user", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
