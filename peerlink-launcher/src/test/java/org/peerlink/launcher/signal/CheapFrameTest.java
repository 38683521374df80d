package org.peerlink.launcher.signal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheapFrameTest {

    @Test
    void registersAndPeerRequestsNeverRunOnTheLoop() {
        assertFalse(SignalSocket.cheap("{\"v\":\"1\",\"id\":\"r\",\"type\":\"register\",\"payload\":{}}"));
        assertFalse(SignalSocket.cheap("{\"v\":\"1\",\"id\":\"r\",\"type\":\"\\u0072egister\",\"payload\":{}}"));
        assertFalse(SignalSocket.cheap("{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers_request\",\"payload\":{}}"));
        assertFalse(SignalSocket.cheap("{\"v\":\"1\",\"id\":\"q\",\"type\":\"peers\\u005frequest\"}"));
    }

    @Test
    void signalsAndPingsDo() {
        assertTrue(SignalSocket.cheap("{\"v\":\"1\",\"id\":\"s\",\"type\":\"signal\",\"payload\":{\"to\":\"b\"}}"));
        assertTrue(SignalSocket.cheap("{\"v\":\"1\",\"id\":\"p\",\"type\":\"ping\"}"));
        assertTrue(SignalSocket.cheap("{not json"));
    }
}
