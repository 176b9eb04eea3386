package dev.wrss.agent.proc;

import java.io.IOException;

/**
 * The first stage of a scan: something that delivers every mapping of a process, in address order, with
 * its resident fields filled. {@link SmapsReader} asks the kernel for smaps text; the pagemap mode counts
 * pages itself. {@link #mode()} names the source in the published snapshot.
 */
public interface MappingSource extends AutoCloseable {

    /** Streams every mapping to {@code sink}; throws what reading throws. */
    void read(SmapsParser.Sink sink) throws IOException;

    /** {@code smaps} or {@code pagemap}: referenced by the Footprint attribute Mode; do not rename. */
    String mode();

    /** Lines of the last read that could not be parsed. */
    int malformedLines();

    /** Why the last read's numbers are less than exact, or null. */
    default String problem() {
        return null;
    }

    /** The heap this source keeps between reads, estimated from its buffers. */
    long retainedBytesEstimate();

    @Override
    void close();
}
