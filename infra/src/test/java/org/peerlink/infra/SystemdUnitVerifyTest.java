package org.peerlink.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.testkit.RequiredPrograms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code systemd-analyze verify} on the rendered unit: known directives, an executable ExecStart. Skipped where
 * systemd is not installed (it is not one of the packages CI installs for the infra tests).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SystemdUnitVerifyTest {

    @TempDir
    Path dir;

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Optional<Path> analyze = RequiredPrograms.find("systemd-analyze");
        if (analyze.isEmpty()) {
            System.err.println("*** SKIPPED: systemd-analyze is not installed ***");
        }
        assumeTrue(analyze.isPresent(), "systemd-analyze is not installed");
        Path out = dir.resolve("etc");
        Rendering.render(Map.of("TURN_SECRET", "s"), "--public-host", "203.0.113.7", "--out", out.toString(),
                         "--data-dir", dir.resolve("data").toString());
        Path log = dir.resolve("verify.log");
        Process process = new ProcessBuilder(analyze.get().toString(), "verify", out.resolve("peerlink.service").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(true, process.waitFor(30, TimeUnit.SECONDS));
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        // verify only warns about unknown keys; any message is a problem with the template
        assertEquals("", output.strip());
    }
}
