package org.peerlink.loadgen.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayParsingTest {

    @Test
    void fetchedIdsInOrder() {
        byte[] page = ("{\"messages\":[{\"id\":\"c0\",\"from\":\"s\",\"to\":\"q\",\"ts\":1},"
                + "{\"id\":\"c1\",\"from\":\"s\",\"payload\":\"{\\\"id\\\":\\\"no\\\"}\"}],\"cursor\":\"c1\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("c0", "c1"), FetchedIds.of(page));
        assertEquals(List.of(), FetchedIds.of("{\"messages\":[],\"cursor\":null}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aStreamedDownloadIsCheckedPieceByPiece() throws IOException {
        byte[] blob = new byte[200_001];
        new Random(7).nextBytes(blob);
        byte[] body = ("{\"id\":\"b\",\"groupId\":\"g\",\"fileName\":\"f\",\"mimeType\":\"\",\"sizeBytes\":200001,"
                + "\"payload\":\"" + Base64.getEncoder().encodeToString(blob) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int piece : new int[] {1, 7, 4096, body.length}) {
            Base64PayloadCheck check = new Base64PayloadCheck(blob, 0, blob.length);
            for (int at = 0; at < body.length; at += piece) {
                check.accept(body, at, Math.min(piece, body.length - at));
            }
            assertTrue(check.matches(), "pieces of " + piece);
            assertEquals(blob.length, check.decodedBytes());
        }
        byte[] other = blob.clone();
        other[150_000] ^= 1;
        Base64PayloadCheck check = new Base64PayloadCheck(other, 0, other.length);
        check.accept(body, 0, body.length);
        assertFalse(check.matches());
        Base64PayloadCheck truncated = new Base64PayloadCheck(blob, 0, blob.length);
        truncated.accept(body, 0, body.length / 2);
        assertFalse(truncated.matches());
    }
}
