package org.peerlink.launcher.infra;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real programs the infra tests run: HAProxy and coturn from Debian's packages.
 * <p>
 * Where they are missing the tests are skipped with a loud message, so {@code ./build test} still works on a
 * developer machine without them. CI sets {@code PEERLINK_INFRA_TOOLS=required} (after installing them), and
 * then a missing program fails the test instead: the proof must not silently disappear.
 */
final class InfraTools {

    /** Environment variable that turns a missing program into a failure. */
    static final String REQUIRED_ENV = "PEERLINK_INFRA_TOOLS";

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin",
                                                           "/usr/bin", "/usr/local/bin", "/bin");

    private InfraTools() {
    }

    /**
     * Find the programs, or skip (fail, in CI) the calling test.
     *
     * @param names program names, e.g. {@code haproxy}
     * @return their paths, in the same order
     */
    static List<Path> require(String... names) {
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            find(name).ifPresentOrElse(found::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            String message = "infra test needs " + String.join(", ", missing)
                    + " (Debian: apt-get install haproxy coturn)";
            if ("required".equals(System.getenv(REQUIRED_ENV))) {
                fail(message + "; " + REQUIRED_ENV + "=required, so this is a failure, not a skip");
            }
            System.err.println("*** SKIPPED: " + message + " ***");
            assumeTrue(false, message);
        }
        return found;
    }

    /**
     * Look a program up on PATH and in the sbin directories (haproxy lives in /usr/sbin, which a non-root PATH
     * often lacks).
     *
     * @param name program name
     * @return its path, if installed
     */
    static Optional<Path> find(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
