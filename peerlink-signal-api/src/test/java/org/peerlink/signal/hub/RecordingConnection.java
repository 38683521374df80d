package org.peerlink.signal.hub;

import java.util.ArrayList;
import java.util.List;

import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsonReader;

/**
 * A connection that records what the hub sends it, as a client would see it, and its close; safe from many threads.
 * Shared by the hub's tests and those of the stores that keep the hub's state (published in the test-jar).
 */
public final class RecordingConnection implements PeerConnection {

    /** Every frame received, parsed; read it under the connection's lock, or once the hub is done. */
    public final List<JsObject> frames = new ArrayList<>();
    public volatile Integer closeCode;
    public volatile String closeReason;

    @Override
    public synchronized void send(String text) {
        try {
            frames.add((JsObject) JsonReader.parse(text));
        } catch (Exception e) {
            throw new AssertionError("server sent invalid JSON: " + text, e);
        }
    }

    @Override
    public synchronized void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    public synchronized JsObject last() {
        return frames.getLast();
    }

    public String lastType() {
        return last().string("type").orElseThrow();
    }

    /** The {@code message} of the last frame's payload (an error's text). */
    public String lastErrorMessage() {
        return ((JsObject) last().get("payload")).string("message").orElseThrow();
    }

    public synchronized List<String> types() {
        return frames.stream().map(f -> f.string("type").orElseThrow()).toList();
    }

    public synchronized List<JsObject> frames(String type) {
        return frames.stream().filter(f -> f.string("type").orElseThrow().equals(type)).toList();
    }

    public Integer closeCode() {
        return closeCode;
    }
}
