package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the pause-free lookup of Java names is wanted, on a task directory of fixture threads (comm files only:
 * no stack pointer, so no stack is resolved, which the names do not need).
 */
class ThreadStacksTest {

    @TempDir Path pid;

    @Test
    void aCutCommNoJavaNameFitsIsTriedOnceAndOnlyANewCutCommWantsTheLookupAgain()
            throws IOException {
        thread(101, "main");
        thread(102, "self-test share"); // two Java names cut to the same comm: neither is unique
        thread(103, "self-test share");
        thread(104, "C2 CompilerThre"); // a JVM thread: no Java name at all
        ThreadStacks stacks = listed();
        assertTrue(stacks.hasUntriedCutNames());
        String[] javaNames = {"main", "self-test shared name 1", "self-test shared name 2"};
        assertFalse(
                stacks.applyUniqueJavaNames(javaNames.clone()), "no name fits one thread alone");
        assertFalse(stacks.hasUntriedCutNames(), "each cut comm was tried, found or not");
        assertTrue(stacks.needsJavaNames(), "still cut: Thread.print could name them");

        thread(105, "short"); // a whole comm: nothing to look up
        stacks.relist();
        stacks.resolve(JvmMaps.newReader());
        assertFalse(stacks.hasUntriedCutNames(), "a new thread with a whole comm wants no lookup");

        thread(106, "another long na");
        stacks.relist();
        stacks.resolve(JvmMaps.newReader());
        assertTrue(stacks.hasUntriedCutNames(), "a new cut comm does");
        assertTrue(
                stacks.applyUniqueJavaNames(
                        new String[] {
                            "another long name",
                            "self-test shared name 1",
                            "self-test shared name 2"
                        }));
        assertFalse(stacks.hasUntriedCutNames());
        assertEquals(6, stacks.count());
    }

    private ThreadStacks listed() {
        ThreadStacks stacks = new ThreadStacks(pid);
        assertTrue(stacks.relist());
        stacks.resolve(JvmMaps.newReader());
        return stacks;
    }

    private void thread(long tid, String comm) throws IOException {
        Path dir = Files.createDirectories(pid.resolve("task").resolve(Long.toString(tid)));
        Files.writeString(dir.resolve("comm"), comm + "\n");
    }
}
