package org.peerlink.launcher.durability;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.launcher.Launcher;
import org.peerlink.launcher.LauncherOptions;
import org.peerlink.launcher.PeerLinkServer;
import org.peerlink.launcher.ServiceName;
import org.peerlink.launcher.StartupException;
import org.peerlink.testkit.RelayHttp;
import org.peerlink.testkit.RelaySigner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Everything the relay answered 200 for is still there after the launcher is stopped and started again on the
 * same data directory: queued envelopes (exactly as posted), ack tombstones, memberships, blobs and unfinished
 * chunked uploads.
 */
class RelayRestartTest {

    private static final int CHUNK = 8 * 1024;

    @TempDir
    Path dataDir;

    private final RelaySigner alice = new RelaySigner(1);

    private PeerLinkServer start() throws StartupException {
        LauncherOptions options = LauncherOptions.of(0, 0, dataDir).withServices(EnumSet.of(ServiceName.RELAY));
        return Launcher.start(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everythingSurvivesARestart() throws Exception {
        byte[] blob = new byte[5 * CHUNK + 123];
        new Random(7).nextBytes(blob);
        String blobSignature = alice.blobSignature("clip", "alice", "family", "clip.mp4", "video/mp4", blob);
        byte[] unfinished = new byte[2 * CHUNK];
        new Random(8).nextBytes(unfinished);
        List<String> envelopes = new ArrayList<>();

        try (PeerLinkServer first = start(); RelayHttp relay = new RelayHttp(first.port(ServiceName.RELAY))) {
            for (int i = 0; i < 20; i++) {
                String envelope = RelaySigner.json(alice.store("m" + i, "alice", "bob", bytes("message " + i))
                                                           .put("extra", "kept " + i).build());
                envelopes.add(envelope);
                assertEquals(200, relay.post("/relay/store", envelope).status());
            }
            assertEquals(200, relay.post("/relay/store", alice.store("acked", "alice", "carol", bytes("x")).build())
                    .status());
            assertEquals(200, relay.post("/relay/ack", alice.ack("acked", "carol", "carol")).status());
            assertEquals(200, relay.post("/relay/group/members/update",
                                         alice.membersUpdate("u1", "alice", "family", "alice",
                                                             List.of("alice", "bob"))).status());

            int chunks = (blob.length + CHUNK - 1) / CHUNK;
            for (int i = 0; i < chunks; i++) {
                byte[] part = Arrays.copyOfRange(blob, i * CHUNK, Math.min(blob.length, (i + 1) * CHUNK));
                assertEquals(200, relay.post("/relay/blob/upload/chunk",
                                             RelaySigner.chunk("clip", "alice", "family", "clip.mp4", "video/mp4",
                                                               Integer.toString(i), Integer.toString(chunks), part)
                                                     .build()).status());
            }
            assertEquals("{\"ok\":true,\"blobId\":\"clip\",\"duplicate\":false}",
                         relay.post("/relay/blob/upload/complete",
                                    alice.complete("clip", "alice", "family", "clip.mp4", "video/mp4", chunks,
                                                   blobSignature)).body());

            // an upload that is still going on when the server stops: 1 of 2 chunks
            assertEquals(200, relay.post("/relay/blob/upload/chunk",
                                         RelaySigner.chunk("later", "alice", "family", "later.bin", null, "0", "2",
                                                           Arrays.copyOf(unfinished, CHUNK)).build()).status());
        }

        try (PeerLinkServer second = start(); RelayHttp relay = new RelayHttp(second.port(ServiceName.RELAY))) {
            List<String> fetched = relay.fetchAll("bob", 7).stream().map(RelaySigner::json).toList();
            assertEquals(envelopes, fetched);
            assertEquals(List.of(), relay.fetchAllIds("carol", 50));
            assertEquals("{\"ok\":true,\"stored\":false,\"duplicate\":true}",
                         relay.post("/relay/store", alice.store("acked", "alice", "carol", bytes("x")).build()).body());
            // the membership replaced by the owner is still in force
            assertEquals("{\"error\":\"recipient is not a group member\",\"unauthorizedRecipients\":[\"carol\"]}",
                         relay.post("/relay/group/store", alice.groupStore("g", "alice", "family",
                                                                           List.of("carol"), bytes("x"))).body());

            assertEquals("{\"id\":\"clip\",\"groupId\":\"family\",\"fileName\":\"clip.mp4\",\"mimeType\":\"video/mp4\","
                                 + "\"sizeBytes\":" + blob.length + ",\"payload\":\"" + RelaySigner.base64(blob) + "\"}",
                         relay.get("/relay/blob/clip").body());

            assertEquals("{\"ok\":true,\"id\":\"later\",\"chunkIndex\":1,\"totalChunks\":2,\"received\":2}",
                         relay.post("/relay/blob/upload/chunk",
                                    RelaySigner.chunk("later", "alice", "family", "later.bin", null, "1", "2",
                                                      Arrays.copyOfRange(unfinished, CHUNK, 2 * CHUNK)).build())
                                 .body());
            String signature = alice.blobSignature("later", "alice", "family", "later.bin", "", unfinished);
            assertEquals("{\"ok\":true,\"blobId\":\"later\",\"duplicate\":false}",
                         relay.post("/relay/blob/upload/complete",
                                    RelaySigner.without(alice.complete("later", "alice", "family", "later.bin", "", 2, signature),
                                            "mimeType")).body());
            assertEquals(200, relay.get("/relay/blob/later").status());
        }
    }
}
