package org.peerlink.relay.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * What {@link RelayStorage#openUpload} returns when the session no longer exists (completed, swept): the caller
 * learns it when it reads, as the SPI promises, and can then tell a vanished session from a failing store.
 */
public final class GoneUploadStream extends InputStream {

    private final UploadKey key;

    public GoneUploadStream(UploadKey key) {
        this.key = key;
    }

    @Override
    public int read() throws IOException {
        throw new IOException("upload session " + key.id() + " of " + key.from() + " in group " + key.groupId()
                + " is gone");
    }
}
