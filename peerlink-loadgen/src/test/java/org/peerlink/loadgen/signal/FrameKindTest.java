package org.peerlink.loadgen.signal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameKindTest {

    @Test
    void serverFramesByTheirIdPrefix() {
        assertEquals(FrameKind.REGISTER_ACK, kind("{\"v\":\"1\",\"id\":\"srv-ack-0b8e\",\"type\":\"register_ack\","
                + "\"payload\":{\"peerId\":\"a\",\"sessionId\":\"s\"}}"));
        assertEquals(FrameKind.PRESENCE, kind("{\"v\":\"1\",\"id\":\"srv-presence-update-1c\",\"type\":\"presence_update\","
                + "\"payload\":{\"peerId\":\"b\",\"status\":\"online\"}}"));
        assertEquals(FrameKind.SIGNAL, kind("{\"v\":\"1\",\"id\":\"srv-signal-9\",\"type\":\"signal\",\"payload\":{}}"));
        assertEquals(FrameKind.PONG, kind("{\"v\":\"1\",\"id\":\"srv-pong-9\",\"type\":\"pong\",\"payload\":{}}"));
    }

    @Test
    void errorsMayCarryTheClientsId() {
        assertEquals(FrameKind.ERROR, kind("{\"v\":\"1\",\"id\":\"c-offer\",\"type\":\"error\",\"payload\":"
                + "{\"code\":\"PEER_NOT_FOUND\",\"message\":\"Peer x not connected\"}}"));
        assertEquals(FrameKind.ERROR, kind("{\"v\":\"1\",\"id\":\"srv-error-5\",\"type\":\"error\",\"payload\":{}}"));
        assertEquals(FrameKind.OTHER, kind("{\"v\":\"1\""));
        assertEquals(FrameKind.OTHER, kind(""));
    }

    private static FrameKind kind(String text) {
        byte[] bytes = (text + "trailing bytes beyond the length").getBytes(StandardCharsets.UTF_8);
        return FrameKind.of(bytes, text.getBytes(StandardCharsets.UTF_8).length);
    }
}
