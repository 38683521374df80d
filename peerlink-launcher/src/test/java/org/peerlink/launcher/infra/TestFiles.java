package org.peerlink.launcher.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a test's temporary directory when {@code @TempDir} cannot be used (per-class set-up). */
final class TestFiles {

    private TestFiles() {
    }

    /** Best effort: a leftover temporary directory must not fail a test. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // left for the OS to clean up
                }
            });
        } catch (IOException e) {
            // left for the OS to clean up
        }
    }
}
