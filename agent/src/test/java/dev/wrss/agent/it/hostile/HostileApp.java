package dev.wrss.agent.it.hostile;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What every hostile application here shares: its own line to stdout that survives what it does to System.out,
 * and a command loop on stdin that ChildJvm drives ({@code ping}, {@code exit N}, and the app's own commands).
 */
abstract class HostileApp {

    /** stdout as the process has it, whatever System.out becomes. */
    static final PrintStream REAL_OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true);

    static void say(String line) {
        synchronized (REAL_OUT) {
            REAL_OUT.println(line);
        }
    }

    /** Halts with 99, saying who, when any thread dies of an uncaught Throwable: services that exit on any. */
    static void haltOnUncaught() {
        Thread.setDefaultUncaughtExceptionHandler(
                (t, e) -> {
                    say("UNCAUGHT in " + t.getName() + ": " + e);
                    Runtime.getRuntime().halt(99);
                });
    }

    /** Answers commands until stdin closes; {@code other} handles what is not ping or exit. */
    static void serve(java.util.function.Function<String, String> other) throws Exception {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("ping")) {
                say("OK ping");
            } else if (line.startsWith("exit ")) {
                say("OK " + line);
                System.exit(Integer.parseInt(line.substring(5).trim()));
            } else {
                String answer = other.apply(line);
                say(answer == null ? "ERR unknown command " + line : answer);
            }
        }
    }
}
