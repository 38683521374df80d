package org.peerlink.store.jdbc.relay;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * A blob's chunks read back to back as one stream, a window at a time, each window on a pooled connection held only
 * while it is read (finding 9 of issue 13: a download held one of the pooled connections until its last byte, so
 * slow clients could leave every fetch waiting). Memory holds one window. The content is kept from the sweep while
 * the stream is open ({@link ActiveContents}); {@link #close()} lets it go.
 */
final class WindowedChunkStream extends InputStream {

    /** What one window reads: large enough that a chunk costs few queries, small enough to hold per download. */
    static final int WINDOW_BYTES = 256 * 1024;

    /** One stored chunk of the content. */
    record Chunk(long chunkId, long sizeBytes) {
    }

    private final DataSource readers;
    private final List<Chunk> chunks;
    private final Runnable onClose;
    private byte[] window = new byte[0];
    private int windowPosition;
    private int windowLength;
    private int chunkIndex;
    private long offsetInChunk;
    private boolean closed;

    WindowedChunkStream(DataSource readers, List<Chunk> chunks, Runnable onClose) {
        this.readers = readers;
        this.chunks = List.copyOf(chunks);
        this.onClose = onClose;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return window[windowPosition++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, windowLength - windowPosition);
        System.arraycopy(window, windowPosition, buffer, offset, n);
        windowPosition += n;
        return n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            window = new byte[0];
            onClose.run();
        }
    }

    /** Makes sure the window has bytes left; false at the end. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (windowPosition == windowLength) {
            if (chunkIndex == chunks.size()) {
                return false;
            }
            Chunk chunk = chunks.get(chunkIndex);
            if (offsetInChunk == chunk.sizeBytes()) {
                chunkIndex++;
                offsetInChunk = 0;
                continue;
            }
            int length = (int) Math.min(WINDOW_BYTES, chunk.sizeBytes() - offsetInChunk);
            readWindow(chunk, length);
        }
        return true;
    }

    private void readWindow(Chunk chunk, int length) throws IOException {
        if (window.length < length) {
            window = new byte[Math.min(WINDOW_BYTES, Math.max(length, window.length))];
        }
        try (Connection connection = readers.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT data FROM relay_chunk WHERE chunk_id = ?")) {
            query.setLong(1, chunk.chunkId());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IOException("chunk " + chunk.chunkId() + " is gone");
                }
                Blob data = row.getBlob(1);
                try (InputStream in = data.getBinaryStream(offsetInChunk + 1, length)) {
                    int read = in.readNBytes(window, 0, length);
                    if (read != length) {
                        throw new IOException("chunk " + chunk.chunkId() + " ended after " + (offsetInChunk + read)
                                + " of " + chunk.sizeBytes() + " bytes");
                    }
                } finally {
                    data.free();
                }
            }
        } catch (SQLException e) {
            throw new IOException("reading chunk " + chunk.chunkId() + " failed: " + e.getMessage(), e);
        }
        windowPosition = 0;
        windowLength = length;
        offsetInChunk += length;
    }
}
