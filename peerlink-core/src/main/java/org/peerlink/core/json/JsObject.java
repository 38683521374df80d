package org.peerlink.core.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A JSON object whose keys are ordered the way a JavaScript object orders its own properties:
 * canonical array-index keys ({@code "0"}, {@code "10"}, … below 2^32−1) first in ascending numeric
 * order, then every other key in the order it was first inserted. A key inserted twice keeps its
 * first position and its last value, which is what {@code JSON.parse} does with duplicate keys.
 */
public final class JsObject implements JsValue {

    private static final long MAX_ARRAY_INDEX = 4_294_967_294L; // 2^32 - 2

    private final SequencedMap<String, JsValue> members;

    private JsObject(SequencedMap<String, JsValue> members) {
        this.members = Collections.unmodifiableSequencedMap(members);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The members in JavaScript property order. */
    public SequencedMap<String, JsValue> members() {
        return members;
    }

    public JsValue get(String key) {
        return members.get(key);
    }

    public boolean has(String key) {
        return members.containsKey(key);
    }

    /** The string value of {@code key}, empty when absent or not a string. */
    public Optional<String> string(String key) {
        return members.get(key) instanceof JsString s ? Optional.of(s.value()) : Optional.empty();
    }

    public int size() {
        return members.size();
    }

    @Override
    public String kind() {
        return "object";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsObject that && List.copyOf(members.entrySet()).equals(List.copyOf(that.members.entrySet()));
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return JsonWriter.stringify(this);
    }

    /** True when JavaScript treats {@code key} as an array index and orders it numerically. */
    static boolean isArrayIndex(String key) {
        int length = key.length();
        if (length == 0 || length > 10) {
            return false;
        }
        if (key.charAt(0) == '0') {
            return length == 1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_ARRAY_INDEX;
    }

    /** Collects members in arrival order; {@link #build()} applies JavaScript's ordering. */
    public static final class Builder {

        private final LinkedHashMap<String, JsValue> members = new LinkedHashMap<>();
        private boolean hasIndexKey;

        private Builder() {
        }

        /** Adds a member; a repeated key keeps its first position and takes the new value. */
        public Builder put(String key, JsValue value) {
            members.put(key, value);
            hasIndexKey |= isArrayIndex(key);
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, new JsString(value));
        }

        public JsObject build() {
            if (!hasIndexKey) {
                return new JsObject(new LinkedHashMap<>(members));
            }
            List<String> indexKeys = new ArrayList<>();
            for (String key : members.keySet()) {
                if (isArrayIndex(key)) {
                    indexKeys.add(key);
                }
            }
            indexKeys.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
            LinkedHashMap<String, JsValue> ordered = new LinkedHashMap<>();
            for (String key : indexKeys) {
                ordered.put(key, members.get(key));
            }
            for (Map.Entry<String, JsValue> member : members.entrySet()) {
                ordered.putIfAbsent(member.getKey(), member.getValue());
            }
            return new JsObject(ordered);
        }
    }
}
