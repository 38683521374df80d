package org.peerlink.core.relay;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;

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
                String trimmed = jsTrim(s.value());
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

    /** JavaScript's {@code trim}: WhiteSpace and LineTerminator code points, not Java's notion of blank. */
    static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isJsWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0xA0, 0xFEFF, 0x2028, 0x2029 -> true;
            default -> c > 0x7F && Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }
}
