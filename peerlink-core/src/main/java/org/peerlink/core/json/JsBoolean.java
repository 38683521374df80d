package org.peerlink.core.json;

/** JSON {@code true} or {@code false}. */
public enum JsBoolean implements JsValue {
    TRUE, FALSE;

    public static JsBoolean of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean value() {
        return this == TRUE;
    }

    @Override
    public String kind() {
        return "boolean";
    }
}
