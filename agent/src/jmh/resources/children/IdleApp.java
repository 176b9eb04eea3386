/** Run by IdleCost as a single-file program: a JVM that does nothing at all, so the agent is all that runs. */
public class IdleApp {
    public static void main(String[] args) throws Exception {
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
