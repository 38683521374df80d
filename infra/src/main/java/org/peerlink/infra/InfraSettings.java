package org.peerlink.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@code infra render} needs, validated by {@link InfraOptionsParser}.
 *
 * @param publicHost       domain or IP the apps connect to
 * @param publicIp         public IP announced by TURN
 * @param outDir           absolute directory the files are written to
 * @param proxy            HAProxy settings
 * @param turn             coturn settings
 * @param install          where the launcher lives on the host
 * @param loopback         the one-machine test variant (127.0.0.1 only, loopback TURN peers, no privilege drop)
 * @param renewCertificate create a new certificate even if the existing one fits
 */
public record InfraSettings(String publicHost,
                            String publicIp,
                            Path outDir,
                            ProxySettings proxy,
                            TurnSettings turn,
                            InstallLayout install,
                            boolean loopback,
                            boolean renewCertificate) {

    /**
     * Checks the values are present and the output directory absolute.
     */
    public InfraSettings {
        Objects.requireNonNull(publicHost, "publicHost");
        Objects.requireNonNull(publicIp, "publicIp");
        Objects.requireNonNull(outDir, "outDir");
        if (!outDir.isAbsolute()) {
            throw new IllegalArgumentException("output directory must be absolute: " + outDir);
        }
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(turn, "turn");
        Objects.requireNonNull(install, "install");
    }

    /**
     * The certificate and key files under the output directory.
     *
     * @return TLS file locations
     */
    public TlsFiles tls() {
        return new TlsFiles(outDir.resolve("tls"));
    }
}
