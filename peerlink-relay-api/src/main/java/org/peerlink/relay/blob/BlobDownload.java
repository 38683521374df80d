package org.peerlink.relay.blob;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;

import org.peerlink.core.encoding.WellFormedUtf8;
import org.peerlink.core.json.JsonWriter;
import org.peerlink.relay.RelayResponse;
import org.peerlink.relay.RelayStatus;
import org.peerlink.relay.storage.StoredBlob;

/**
 * The body of {@code GET /relay/blob/{blobId}}, written as it is read from storage: the metadata, then the
 * bytes base64-encoded on the fly, so a blob of any size costs one buffer of memory.
 */
public final class BlobDownload implements RelayResponse.Streamed {

    private final StoredBlob blob;
    private final InputStream bytes;

    /** @param bytes the blob's content, closed once written (or by {@link #writeTo} failing) */
    public BlobDownload(StoredBlob blob, InputStream bytes) {
        this.blob = blob;
        this.bytes = bytes;
    }

    @Override
    public RelayStatus status() {
        return RelayStatus.OK;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = bytes) {
            out.write(WellFormedUtf8.encode(head()));
            // The encoder must be closed to emit its final padding, but the transport's stream must stay open.
            try (OutputStream base64 = Base64.getEncoder().wrap(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            })) {
                in.transferTo(base64);
            }
            out.write(new byte[] {'"', '}'});
        }
    }

    private String head() {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"id\":");
        JsonWriter.quote(blob.metadata().blobId(), json);
        json.append(",\"groupId\":");
        JsonWriter.quote(blob.metadata().groupId(), json);
        json.append(",\"fileName\":");
        JsonWriter.quote(blob.metadata().fileName(), json);
        json.append(",\"mimeType\":");
        if (blob.metadata().mimeType() == null) {
            json.append("null");
        } else {
            JsonWriter.quote(blob.metadata().mimeType(), json);
        }
        json.append(",\"sizeBytes\":").append(blob.sizeBytes());
        return json.append(",\"payload\":\"").toString();
    }
}
