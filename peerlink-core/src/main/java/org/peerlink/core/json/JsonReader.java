package org.peerlink.core.json;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses JSON text into {@link JsValue}s with {@code JSON.parse} semantics: the strict JSON grammar (RFC 8259, no
 * extensions, no byte order mark), number text kept as received, keys ordered and de-duplicated the JavaScript way
 * ({@link JsObject}). Nesting beyond {@link #MAX_DEPTH} is rejected before anything else looks at the value, so
 * the recursion here is bounded too.
 * <p>
 * The parser is a small recursive descent over the decoded text. A string without escapes (every id, key and base64
 * payload) becomes one substring of the input, so a 1 MiB blob chunk costs one copy of its payload rather than a
 * tokenizer's growing buffer and the copies in between.
 */
public final class JsonReader {

    /** Deepest nesting of arrays and objects accepted (the contract's bound). */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private final int length;
    private int position;

    private JsonReader(String text) {
        this.text = text;
        this.length = text.length();
    }

    /** Parses UTF-8 bytes; malformed UTF-8 becomes U+FFFD, as Node's body decoding does. */
    public static JsValue parse(byte[] utf8) throws MalformedJsonException {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    public static JsValue parse(String text) throws MalformedJsonException {
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        JsValue value = reader.value(0);
        reader.skipWhitespace();
        if (reader.position != reader.length) {
            throw reader.malformed("unexpected text after the value");
        }
        return value;
    }

    public static JsValue parse(Reader reader) throws MalformedJsonException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            for (int n; (n = reader.read(buffer)) != -1; ) {
                text.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(text.toString());
    }

    /** A value starting at the current position; {@code depth} containers enclose it. */
    private JsValue value(int depth) throws MalformedJsonException {
        if (position == length) {
            throw malformed(length == 0 ? "no value" : "unexpected end of the text");
        }
        char c = text.charAt(position);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> new JsString(string());
            case 't' -> literal("true", JsBoolean.TRUE);
            case 'f' -> literal("false", JsBoolean.FALSE);
            case 'n' -> literal("null", JsNull.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw malformed("unexpected character");
            }
        };
    }

    private JsObject object(int depth) throws MalformedJsonException {
        checkDepth(depth);
        position++; // {
        JsObject.Builder object = JsObject.builder();
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return object.build();
        }
        while (true) {
            if (peek() != '"') {
                throw malformed("expected a key");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.put(key, value(depth));
            skipWhitespace();
            char next = peek();
            position++;
            if (next == '}') {
                return object.build();
            }
            if (next != ',') {
                throw malformed("expected , or }");
            }
            skipWhitespace();
        }
    }

    private JsArray array(int depth) throws MalformedJsonException {
        checkDepth(depth);
        position++; // [
        List<JsValue> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            return new JsArray(items);
        }
        while (true) {
            items.add(value(depth));
            skipWhitespace();
            char next = peek();
            position++;
            if (next == ']') {
                return new JsArray(items);
            }
            if (next != ',') {
                throw malformed("expected , or ]");
            }
            skipWhitespace();
        }
    }

    /** A string token; the current character is its opening quote. */
    private String string() throws MalformedJsonException {
        int start = ++position;
        while (position < length) {
            char c = text.charAt(position);
            if (c == '"') {
                return text.substring(start, position++);
            }
            if (c == '\\') {
                return escapedString(start);
            }
            if (c < 0x20) {
                throw malformed("control character in a string");
            }
            position++;
        }
        throw malformed("unterminated string");
    }

    /** The rest of a string that has escapes, from {@code start} (the first character after the quote). */
    private String escapedString(int start) throws MalformedJsonException {
        StringBuilder out = new StringBuilder(position - start + 16).append(text, start, position);
        while (position < length) {
            // copy the run of ordinary characters up to the next quote, backslash or control character at once
            int run = position;
            char c = 0;
            while (run < length && (c = text.charAt(run)) != '"' && c != '\\' && c >= 0x20) {
                run++;
            }
            out.append(text, position, run);
            position = run;
            if (run == length) {
                break;
            }
            position++;
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw malformed("control character in a string");
            }
            if (position == length) {
                break;
            }
            char escape = text.charAt(position++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw malformed("invalid escape");
            }
        }
        throw malformed("unterminated string");
    }

    /** The four hex digits of a backslash-u escape: one UTF-16 unit, a lone surrogate included (as in JavaScript). */
    private char hex4() throws MalformedJsonException {
        if (length - position < 4) {
            throw malformed("short unicode escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexDigit(text.charAt(position++));
            if (digit < 0) {
                throw malformed("invalid unicode escape");
            }
            value = value << 4 | digit;
        }
        return (char) value;
    }

    /** An ASCII hex digit's value, else -1 (Character.digit would also take other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, kept as text. */
    private JsNumber number() throws MalformedJsonException {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        if (peek() == '0') {
            position++;
        } else if (!digits()) {
            throw malformed("invalid number");
        }
        if (peek() == '.') {
            position++;
            if (!digits()) {
                throw malformed("invalid number");
            }
        }
        char e = peek();
        if (e == 'e' || e == 'E') {
            position++;
            char sign = peek();
            if (sign == '+' || sign == '-') {
                position++;
            }
            if (!digits()) {
                throw malformed("invalid number");
            }
        }
        return JsNumber.ofJsonText(text.substring(start, position));
    }

    /** Skips one or more decimal digits; false when there is none. */
    private boolean digits() {
        int start = position;
        while (position < length) {
            char c = text.charAt(position);
            if (c < '0' || c > '9') {
                break;
            }
            position++;
        }
        return position > start;
    }

    private JsValue literal(String word, JsValue value) throws MalformedJsonException {
        if (!text.startsWith(word, position)) {
            throw malformed("unexpected character");
        }
        position += word.length();
        return value;
    }

    private void expect(char c) throws MalformedJsonException {
        if (peek() != c) {
            throw malformed("expected " + c);
        }
        position++;
    }

    /** The current character, or U+0000 at the end (never valid where a structural character is expected). */
    private char peek() {
        return position < length ? text.charAt(position) : '\0';
    }

    /** JSON whitespace only: space, tab, line feed, carriage return (not U+FEFF or other Unicode spaces). */
    private void skipWhitespace() {
        while (position < length) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private void checkDepth(int depth) throws MalformedJsonException {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private MalformedJsonException malformed(String what) {
        return new MalformedJsonException("invalid JSON: " + what + " at offset " + position);
    }
}
