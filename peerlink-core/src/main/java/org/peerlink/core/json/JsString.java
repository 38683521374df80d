package org.peerlink.core.json;

import java.util.Objects;

/** A JSON string; may hold lone surrogates, exactly as JavaScript strings can. */
public record JsString(String value) implements JsValue {

    public JsString {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String kind() {
        return "string";
    }
}
