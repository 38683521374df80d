package org.peerlink.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The TLS files in one directory, named as in the original deployment.
 *
 * @param dir the directory
 */
public record TlsFiles(Path dir) {

    /**
     * Checks the directory is given.
     */
    public TlsFiles {
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * Certificate (chain) in PEM; coturn's {@code cert}. A certificate from a public CA can replace it.
     *
     * @return path of fullchain.pem
     */
    public Path certificate() {
        return dir.resolve("fullchain.pem");
    }

    /**
     * Private key in PEM; coturn's {@code pkey}.
     *
     * @return path of privkey.pem
     */
    public Path privateKey() {
        return dir.resolve("privkey.pem");
    }

    /**
     * Certificate followed by its key, the one file HAProxy's {@code crt} wants.
     *
     * @return path of selfsigned.pem
     */
    public Path combined() {
        return dir.resolve("selfsigned.pem");
    }
}
