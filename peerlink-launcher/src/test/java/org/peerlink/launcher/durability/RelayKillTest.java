package org.peerlink.launcher.durability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.launcher.Main;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200 from the relay means the envelope is durable: the launcher is SIGKILLed the moment the last of many
 * concurrent stores is answered, and a new launcher on the same data directory returns every one of them.
 */
class RelayKillTest {

    private static final int ENVELOPES = 400;
    /** 400 stores from one address and one key at once: durability is the point here, not the rate limits. */
    private static final List<String> UNLIMITED = List.of("--rate-relay-write", "off", "--rate-relay-key", "off");
    private static final int CLIENT_THREADS = 8;
    private static final List<String> RECIPIENTS = List.of("bob", "carol", "dave", "erin");

    @TempDir
    Path tmp;

    @Test
    void everyAnsweredStoreSurvivesSigkill() throws Exception {
        Path dataDir = tmp.resolve("data");
        RelaySigner alice = new RelaySigner(1);
        List<String> ids = new ArrayList<>();

        try (ChildLauncher first = ChildLauncher.listening(dataDir, tmp.resolve("first.log"), List.of(), UNLIMITED)) {
            secondLauncherOnTheSameDirectoryIsRefused(dataDir);

            AtomicInteger answered = new AtomicInteger();
            try (RelayHttp relay = new RelayHttp(first.port());
                    ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS)) {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < ENVELOPES; i++) {
                    String id = "k" + i;
                    ids.add(id);
                    String to = RECIPIENTS.get(i % RECIPIENTS.size());
                    String envelope = RelaySigner.json(alice.store(id, "alice", to,
                                                                   ("payload " + i).getBytes(StandardCharsets.UTF_8))
                                                               .build());
                    statuses.add(clients.submit(() -> {
                        int status = relay.post("/relay/store", envelope).status();
                        if (status == 200 && answered.incrementAndGet() == ENVELOPES) {
                            first.kill();
                        }
                        return status;
                    }));
                }
                for (Future<Integer> status : statuses) {
                    assertEquals(200, status.get(60, TimeUnit.SECONDS));
                }
            }
            assertTrue(!ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false), "killed");
        }

        try (ChildLauncher second = ChildLauncher.listening(dataDir, tmp.resolve("second.log"), List.of(), UNLIMITED);
                RelayHttp relay = new RelayHttp(second.port())) {
            Set<String> found = new HashSet<>();
            int total = 0;
            for (String recipient : RECIPIENTS) {
                List<String> queued = relay.fetchAllIds(recipient, 37);
                total += queued.size();
                found.addAll(queued);
            }
            assertEquals(ENVELOPES, total, "no envelope twice");
            assertEquals(new HashSet<>(ids), found);

            // SIGTERM: the shutdown hook stops the listeners, then closes the database, and the JVM exits
            assertEquals(128 + 15, second.terminate(), second.log());
            assertEquals(Main.STOPPED, second.stdout().getLast(), second.stdout() + "\n" + second.log());
            assertFalse(second.log().contains("SEVERE"), second.log());
        }
    }

    /** The data directory is locked across processes: a second launcher fails to start with one clear line. */
    private void secondLauncherOnTheSameDirectoryIsRefused(Path dataDir) throws Exception {
        try (ChildLauncher intruder = ChildLauncher.start(dataDir, tmp.resolve("intruder.log"), List.of())) {
            assertEquals(Main.EXIT_STARTUP_FAILED, intruder.waitForExit(), intruder.log());
            String log = intruder.log();
            assertTrue(log.contains("peerlink: data directory ") && log.contains(" is in use by another PeerLink process"),
                       log);
        }
    }
}
