package org.peerlink.signal.hub;

import java.util.Objects;
import java.util.function.Function;

/**
 * One server frame sent to many connections (a presence update goes to everyone online). Its text is serialised
 * once by the hub; a transport can likewise encode it once ({@link #encoded}) and write the same bytes to every
 * receiver, instead of encoding it again per connection.
 */
public final class SharedFrame {

    private final String text;
    private volatile Object encoded;

    public SharedFrame(String text) {
        this.text = Objects.requireNonNull(text);
    }

    /** The frame's JSON text. */
    public String text() {
        return text;
    }

    /**
     * The frame as the transport writes it, computed by the first caller and shared by all. A process has one
     * transport, so one encoder; two threads may both compute it at first, which only costs the work twice.
     *
     * @param encoder turns the text into the transport's form (e.g. a complete WebSocket frame)
     * @param type    what the encoder returns
     */
    public <T> T encoded(Function<String, T> encoder, Class<T> type) {
        Object value = encoded;
        if (!type.isInstance(value)) {
            value = encoder.apply(text);
            encoded = value;
        }
        return type.cast(value);
    }
}
