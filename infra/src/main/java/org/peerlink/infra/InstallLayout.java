package org.peerlink.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the launcher lives on the target host: paths the systemd unit, the environment file and the compose
 * file refer to.
 *
 * @param dataDir   launcher data directory (native deployment)
 * @param appDir    directory with peerlink-launcher.jar and libs/ (native deployment)
 * @param java      Java 21+ binary (native deployment)
 * @param sourceDir source checkout the launcher image is built from (Docker deployment)
 * @param image     launcher image name (Docker deployment)
 */
public record InstallLayout(Path dataDir, Path appDir, Path java, Path sourceDir, String image) {

    /**
     * Checks the values are present and the paths absolute (systemd and compose need absolute paths).
     */
    public InstallLayout {
        for (Path path : new Path[] {dataDir, appDir, java, sourceDir}) {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("path must be absolute: " + path);
            }
        }
        Objects.requireNonNull(image, "image");
    }
}
