package org.peerlink.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.testkit.RequiredPrograms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code haproxy -c} accepts every variant of the rendered haproxy.cfg (and fails a broken one). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HaproxyConfigCheckTest {

    @TempDir
    Path dir;

    @Test
    void everyVariantIsValid() throws Exception {
        Path haproxy = RequiredPrograms.INFRA.require("haproxy").getFirst();
        List<List<String>> variants = List.of(
                List.of("--public-host", "203.0.113.7"),
                List.of("--public-host", "peerlink.example.org", "--public-ip", "198.51.100.4"),
                List.of("--public-host", "2001:db8::7", "--bind-address", "::"),
                List.of("--public-host", "203.0.113.7", "--bind-address", "198.51.100.4",
                        "--signal-public-port", "8443", "--relay-public-port", "8444",
                        "--signal-backend-port", "3100", "--relay-backend-port", "4100", "--tunnel-timeout", "86400"),
                List.of("--public-host", "203.0.113.7", "--ws-idle-timeout", "300"),
                List.of("--public-host", "127.0.0.1", "--loopback"));
        int i = 0;
        for (List<String> variant : variants) {
            Path out = dir.resolve("v" + i++);
            List<String> args = new ArrayList<>(variant);
            args.addAll(List.of("--out", out.toString()));
            Rendering.render(Map.of("TURN_SECRET", "s"), args.toArray(String[]::new));
            Check check = check(haproxy, out.resolve("haproxy.cfg"));
            assertEquals(0, check.exitCode(), variant + "\n" + check.output());
            assertTrue(check.output().contains("Configuration file is valid"), check.output());
        }
    }

    @Test
    void aConfigWhoseCertificateIsGoneFails() throws Exception {
        Path haproxy = RequiredPrograms.INFRA.require("haproxy").getFirst();
        Path out = dir.resolve("broken");
        Rendering.render(Map.of("TURN_SECRET", "s"), "--public-host", "203.0.113.7", "--out", out.toString());
        Files.delete(out.resolve("tls/selfsigned.pem"));
        Check check = check(haproxy, out.resolve("haproxy.cfg"));
        assertNotEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("selfsigned.pem"), check.output());
    }

    private static Check check(Path haproxy, Path cfg) throws IOException, InterruptedException {
        Path log = Files.createTempFile(cfg.getParent(), "check", ".log");
        Process process = new ProcessBuilder(haproxy.toString(), "-c", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("haproxy -c did not finish");
        }
        return new Check(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Check(int exitCode, String output) {
    }
}
