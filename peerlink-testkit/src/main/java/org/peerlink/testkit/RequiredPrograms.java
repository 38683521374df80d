package org.peerlink.testkit;

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
 * The real programs some tests run, from Debian's packages: HAProxy and coturn for the infra tests, Chromium for
 * the browser test.
 * <p>
 * Where they are missing the tests are skipped with a loud message, so {@code ./build test} still works on a
 * developer machine without them. CI sets the kind's variable to {@code required} (after installing them), and
 * then a missing program fails the test instead: the proof must not silently disappear.
 */
public enum RequiredPrograms {
    INFRA("PEERLINK_INFRA_TOOLS", "infra test", "apt-get install haproxy coturn"),
    BROWSER("PEERLINK_BROWSER", "browser test", "apt-get install --no-install-recommends chromium");

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin",
                                                           "/usr/bin", "/usr/local/bin", "/bin");

    /** Environment variable that turns a missing program into a failure. */
    private final String requiredEnv;
    private final String tests;
    private final String install;

    RequiredPrograms(String requiredEnv, String tests, String install) {
        this.requiredEnv = requiredEnv;
        this.tests = tests;
        this.install = install;
    }

    /**
     * Find the programs, or skip (fail, in CI) the calling test.
     *
     * @param names program names, e.g. {@code haproxy}
     * @return their paths, in the same order
     */
    public List<Path> require(String... names) {
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            find(name).ifPresentOrElse(found::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            String message = tests + " needs " + String.join(", ", missing) + " (Debian: " + install + ")";
            if ("required".equals(System.getenv(requiredEnv))) {
                fail(message + "; " + requiredEnv + "=required, so this is a failure, not a skip");
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
    public static Optional<Path> find(String name) {
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
