package org.peerlink.core.json;

/** JSON {@code null}. */
public enum JsNull implements JsValue {
    INSTANCE;

    @Override
    public String kind() {
        return "null";
    }
}
