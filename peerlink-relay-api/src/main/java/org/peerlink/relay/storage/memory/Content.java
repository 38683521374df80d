package org.peerlink.relay.storage.memory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;

/**
 * The bytes of a blob, or of an upload session at one moment, as chunks in order. The arrays are copies the store
 * made and never writes to, so a content can be handed from a session to its blob and streamed outside the
 * store's lock without copying.
 *
 * @param chunks    the chunk bytes in index order
 * @param sizeBytes their total length
 */
record Content(List<byte[]> chunks, long sizeBytes) {

    Content {
        chunks = List.copyOf(chunks);
    }

    static Content of(byte[] bytes) {
        return new Content(List.of(bytes.clone()), bytes.length);
    }

    InputStream open() {
        return new SequenceInputStream(Collections.enumeration(
                chunks.stream().map(ByteArrayInputStream::new).toList()));
    }
}
