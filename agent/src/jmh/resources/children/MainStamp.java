/** Run by StartupToMain, compiled once: says it reached main, and exits. */
public class MainStamp {
    public static void main(String[] args) {
        System.out.println("MAIN");
    }
}
