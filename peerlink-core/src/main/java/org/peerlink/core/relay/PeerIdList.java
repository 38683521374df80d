package org.peerlink.core.relay;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsWhitespace;

/**
 * Normalises a list of peer ids as the signed strings expect: keep only strings, trim each the way
 * JavaScript's {@code String.prototype.trim} does, drop empty ones, de-duplicate, sort by UTF-16 code
 * units (JavaScript's default sort, which is also {@link String#compareTo}).
 */
public final class PeerIdList {

    private PeerIdList() {
    }

    public static List<String> normalise(JsArray ids) {
        Set<String> unique = new LinkedHashSet<>();
        for (JsValue id : ids.items()) {
            if (id instanceof JsString s) {
                String trimmed = JsWhitespace.trim(s.value());
                if (!trimmed.isEmpty()) {
                    unique.add(trimmed);
                }
            }
        }
        return unique.stream().sorted().toList();
    }

    /** Normalises and drops {@code sender}, as group store does with its recipients. */
    public static List<String> normaliseWithout(JsArray ids, String sender) {
        return normalise(ids).stream().filter(id -> !id.equals(sender)).toList();
    }
}
