package dev.wrss.agent.proc;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** A channel over a byte array, so that fixtures go through the same code path as /proc. */
final class ByteArrayChannel implements ReadableByteChannel {
    private final byte[] text;
    private int at;

    ByteArrayChannel(byte[] text) {
        this.text = text;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (at == text.length) {
            return -1;
        }
        // at most 4 KiB per read, as the kernel hands out /proc text
        int n = Math.min(Math.min(dst.remaining(), text.length - at), 4096);
        dst.put(text, at, n);
        at += n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {}
}
