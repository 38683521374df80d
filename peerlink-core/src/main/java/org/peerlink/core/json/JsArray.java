package org.peerlink.core.json;

import java.util.List;

/** A JSON array. */
public record JsArray(List<JsValue> items) implements JsValue {

    public JsArray {
        items = List.copyOf(items);
    }

    /** An array of strings, e.g. a list of peer ids in a response. */
    public static JsArray ofStrings(List<String> values) {
        return new JsArray(values.stream().<JsValue>map(JsString::new).toList());
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
