package org.peerlink.core.json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serialises {@link JsValue}s exactly as JavaScript's {@code JSON.stringify} does (compact, keys in
 * JavaScript order, JSON.stringify's string escaping). The output never contains a lone surrogate, so
 * its UTF-8 encoding is well defined.
 */
public final class JsonWriter {

    /** How numbers are written. */
    public enum Numbers {
        /** {@code JSON.stringify}: the JavaScript rendering of the double; non-finite becomes {@code null}. */
        JAVASCRIPT,
        /** The exact text the number was received as (how the relay echoes stored envelopes). */
        AS_RECEIVED
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {
    }

    public static String stringify(JsValue value) {
        return write(value, Numbers.JAVASCRIPT);
    }

    public static byte[] stringifyUtf8(JsValue value) {
        return stringify(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String write(JsValue value, Numbers numbers) {
        StringBuilder out = new StringBuilder(256);
        write(value, numbers, out);
        return out.toString();
    }

    public static void write(JsValue value, Numbers numbers, StringBuilder out) {
        switch (value) {
            case JsString s -> quote(s.value(), out);
            case JsNumber n -> {
                if (numbers == Numbers.AS_RECEIVED) {
                    out.append(n.text());
                } else {
                    out.append(n.isFinite() ? n.jsString() : "null");
                }
            }
            case JsBoolean b -> out.append(b.value() ? "true" : "false");
            case JsNull ignored -> out.append("null");
            case JsArray a -> {
                out.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(a.get(i), numbers, out);
                }
                out.append(']');
            }
            case JsObject o -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsValue> member : o.members().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(member.getKey(), out);
                    out.append(':');
                    write(member.getValue(), numbers, out);
                }
                out.append('}');
            }
        }
    }

    /** JSON.stringify's QuoteJSONString, including the escaping of lone surrogates. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        int length = s.length();
        int i = 0;
        while (i < length) {
            // Most of a string stands for itself (ids, base64, keys entirely): copy such runs in one go.
            int run = i;
            while (run < length && isPlain(s.charAt(run))) {
                run++;
            }
            out.append(s, i, run);
            if (run == length) {
                break;
            }
            char c = s.charAt(run);
            i = run + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c) && i < length && Character.isLowSurrogate(s.charAt(i))) {
                        out.append(c).append(s.charAt(i++)); // a pair stands for itself
                    } else {
                        unicodeEscape(c, out); // a lone surrogate
                    }
                }
            }
        }
        out.append('"');
    }

    /** A character that stands for itself: no control, quote, backslash or surrogate. */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
