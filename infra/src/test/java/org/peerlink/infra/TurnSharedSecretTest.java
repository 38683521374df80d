package org.peerlink.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.testkit.ExternalProcess;
import org.peerlink.testkit.FreePorts;
import org.peerlink.testkit.RequiredPrograms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code use-auth-secret} variant of turnserver.conf with real coturn: time-limited credentials derived from
 * the shared secret are accepted, those from another secret are not.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TurnSharedSecretTest {

    private static final String SECRET = "e2e-shared-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void timeLimitedCredentialsFromTheSharedSecretAllocateAndRelay() throws Exception {
        List<Path> tools = RequiredPrograms.INFRA.require("turnserver", "turnutils_uclient", "turnutils_peer");
        FreePorts ports = new FreePorts();
        int turnPort = ports.next();
        int peerPort = ports.next();
        int range = ports.range(10);
        Path out = dir.resolve("rendered");
        Rendering.render(Map.of("TURN_SECRET", SECRET),
                         "--public-host", "127.0.0.1", "--out", out.toString(), "--loopback",
                         "--turn-port", String.valueOf(turnPort), "--turns-port", String.valueOf(ports.next()),
                         "--turn-min-port", String.valueOf(range), "--turn-max-port", String.valueOf(range + 9),
                         "--turn-user-quota", "4", "--turn-max-bps", "1000000");
        String conf = Files.readString(out.resolve("turnserver.conf"), StandardCharsets.UTF_8);
        assertTrue(conf.contains("\nuse-auth-secret\nstatic-auth-secret=" + SECRET + "\n"), conf);

        try (ExternalProcess coturn = ExternalProcess.start("turnserver", List.of(
                tools.get(0).toString(), "-c", out.resolve("turnserver.conf").toString()), Map.of(), dir);
             ExternalProcess peer = ExternalProcess.start("turnutils_peer", List.of(
                     tools.get(2).toString(), "-L", "127.0.0.1", "-p", String.valueOf(peerPort)), Map.of(), dir)) {
            coturn.awaitTcpListener(turnPort, Duration.ofSeconds(30));

            Result good = uclient(tools.get(1), turnPort, peerPort, SECRET);
            assertEquals(0, good.exitCode(), good.output() + "\n" + coturn.describe());
            assertTrue(good.output().contains("tot_send_msgs=10, tot_recv_msgs=10"), good.output());

            Result bad = uclient(tools.get(1), turnPort, peerPort, "another-secret");
            assertNotEquals(0, bad.exitCode(), bad.output());
            assertTrue(bad.output().contains("Cannot complete Allocation"), bad.output());
            assertTrue(peer.isAlive(), peer.describe());
        }
    }

    private Result uclient(Path uclient, int turnPort, int peerPort, String secret) throws Exception {
        // -W: the client derives user "expiry:name" and its HMAC password from the secret, as an app backend would
        List<String> command = new ArrayList<>(List.of(uclient.toString(), "-n", "5", "-z", "5", "-u", "e2e-app",
                                                       "-W", secret, "-e", "127.0.0.1", "-r", String.valueOf(peerPort),
                                                       "-p", String.valueOf(turnPort), "127.0.0.1"));
        Path log = Files.createTempFile(dir, "uclient", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("turnutils_uclient did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
