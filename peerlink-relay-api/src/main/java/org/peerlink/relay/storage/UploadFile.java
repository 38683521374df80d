package org.peerlink.relay.storage;

import java.util.Objects;

/**
 * The file a blob upload describes, as the client sent it.
 *
 * @param fileName as sent
 * @param mimeType as sent (untrimmed), null when the upload had none or {@code null}
 */
public record UploadFile(String fileName, String mimeType) {
    public UploadFile {
        Objects.requireNonNull(fileName);
    }
}
