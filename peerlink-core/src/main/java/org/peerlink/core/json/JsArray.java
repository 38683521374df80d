package org.peerlink.core.json;

import java.util.List;

/** A JSON array. */
public record JsArray(List<JsValue> items) implements JsValue {

    public JsArray {
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    public JsValue get(int index) {
        return items.get(index);
    }

    @Override
    public String kind() {
        return "array";
    }
}
