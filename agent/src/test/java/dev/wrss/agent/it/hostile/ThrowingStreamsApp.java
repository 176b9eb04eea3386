package dev.wrss.agent.it.hostile;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Replaces System.out and System.err with streams that throw on every write (an unchecked exception, which
 * PrintStream passes on) and halts the JVM with 99 on any uncaught exception, as services that exit on any
 * uncaught error do. Anything the agent lets out of its threads, or writes without catching, ends it.
 */
public final class ThrowingStreamsApp extends HostileApp {

    public static void main(String[] args) throws Exception {
        haltOnUncaught();
        OutputStream hostile =
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        throw new IllegalStateException("this stream refuses every write");
                    }
                };
        System.setOut(new PrintStream(hostile, true));
        System.setErr(new PrintStream(hostile, true));
        say("READY");
        serve(cmd -> null);
    }
}
