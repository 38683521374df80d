package org.peerlink.relay.request;

import java.util.Arrays;
import java.util.Optional;

import org.peerlink.core.encoding.Base64Field;

/**
 * The top-level {@code payload} string of a large request body (a blob or a blob chunk), kept as the bytes of the
 * body instead of being parsed into a string. A 1 MiB chunk is ~1.4 MB of base64; parsed, it is copied into the
 * body's text, the string value and the decoder's input before it is decoded, megabytes of garbage per chunk that
 * made the heap grow to its maximum during uploads (docs/PERFORMANCE.md, "Blobs"). Set aside, it is decoded
 * straight from the body.
 * <p>
 * Only a plain payload is set aside: exactly one top-level key spelled {@code payload} without escapes, whose value
 * is a string of printable ASCII without escapes (what base64 is). The rest of the body, with the payload's text
 * removed ({@code "payload":""}), is then parsed by {@link RequestBody} as usual, so every other rule — syntax,
 * duplicate keys, types, the order of the errors — is the ordinary one: removing characters from inside a string
 * literal changes neither the tokens around it nor whether the text is JSON. Every other body is parsed whole.
 */
public final class RawPayload {

    /** Bodies below this size are parsed whole: setting their payload aside would save nothing worth it. */
    public static final int MIN_BODY_BYTES = 64 * 1024;

    private static final byte[] KEY = {'p', 'a', 'y', 'l', 'o', 'a', 'd'};

    private final byte[] body;
    private final int start;
    private final int end;

    private RawPayload(byte[] body, int start, int end) {
        this.body = body;
        this.start = start;
        this.end = end;
    }

    /**
     * A body split into its payload and the rest.
     *
     * @param rest    the body with the payload string emptied, to be parsed as usual
     * @param payload the payload's base64 text
     */
    public record Split(byte[] rest, RawPayload payload) {
    }

    /** Splits {@code body} when it has a plain payload (see the class comment); empty when it has not. */
    public static Optional<Split> split(byte[] body) {
        return new Scanner(body).payloadSpan()
                .map(span -> new Split(withoutRange(body, span[0], span[1]), new RawPayload(body, span[0], span[1])));
    }

    /** The payload decoded with the same rules as any base64 field ({@link Base64Field}); empty if it is not base64. */
    public Optional<byte[]> decode() {
        return Base64Field.decode(body, start, end - start);
    }

    private static byte[] withoutRange(byte[] bytes, int from, int to) {
        byte[] rest = Arrays.copyOf(bytes, bytes.length - (to - from));
        System.arraycopy(bytes, to, rest, from, bytes.length - to);
        return rest;
    }

    /**
     * Finds the payload string's contents by walking the top-level object. Nested values are skipped by matching
     * brackets outside strings without checking them: the parse of the rest does that.
     */
    private static final class Scanner {

        private final byte[] b;
        private int i;

        Scanner(byte[] bytes) {
            this.b = bytes;
        }

        /** {start, end} of the payload string's contents, or empty. */
        Optional<int[]> payloadSpan() {
            int[] span = null;
            skipWhitespace();
            if (!take('{')) {
                return Optional.empty();
            }
            skipWhitespace();
            if (take('}')) {
                return Optional.empty();
            }
            while (true) {
                int keyStart = i + 1;
                if (!at('"') || !skipString()) {
                    return Optional.empty();
                }
                int keyEnd = i - 1;
                skipWhitespace();
                if (!take(':')) {
                    return Optional.empty();
                }
                skipWhitespace();
                if (Arrays.equals(b, keyStart, keyEnd, KEY, 0, KEY.length)) {
                    if (span != null) {
                        return Optional.empty(); // the last one wins in JavaScript: leave that to the parser
                    }
                    span = plainString();
                    if (span == null) {
                        return Optional.empty();
                    }
                } else if (hasBackslash(keyStart, keyEnd)) {
                    return Optional.empty(); // an escaped key may spell "payload"
                } else if (!skipValue()) {
                    return Optional.empty();
                }
                skipWhitespace();
                if (take(',')) {
                    skipWhitespace();
                    continue;
                }
                if (!take('}')) {
                    return Optional.empty();
                }
                skipWhitespace();
                return i == b.length ? Optional.ofNullable(span) : Optional.empty();
            }
        }

        /** The contents of a string of printable ASCII without escapes at the current position, or null. */
        private int[] plainString() {
            if (!take('"')) {
                return null;
            }
            int start = i;
            while (i < b.length && b[i] != '"') {
                byte c = b[i];
                if (c == '\\' || c < 0x20) { // c < 0 too: a byte of a multi-byte UTF-8 sequence
                    return null;
                }
                i++;
            }
            if (i == b.length) {
                return null;
            }
            return new int[] {start, i++};
        }

        /** Skips a string token at the current quote; false if it does not end. */
        private boolean skipString() {
            i++;
            while (i < b.length) {
                byte c = b[i++];
                if (c == '"') {
                    return true;
                }
                if (c == '\\') {
                    i++;
                }
            }
            return false;
        }

        /** Skips one value of any kind; false if the body ends inside it. */
        private boolean skipValue() {
            if (i == b.length) {
                return false;
            }
            if (at('"')) {
                return skipString();
            }
            if (at('{') || at('[')) {
                int depth = 0;
                while (i < b.length) {
                    byte c = b[i];
                    if (c == '"') {
                        if (!skipString()) {
                            return false;
                        }
                        continue;
                    }
                    i++;
                    if (c == '{' || c == '[') {
                        depth++;
                    } else if ((c == '}' || c == ']') && --depth == 0) {
                        return true;
                    }
                }
                return false;
            }
            // a number or a literal: up to the next structural character or whitespace
            int start = i;
            while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']' && !whitespace(b[i])) {
                i++;
            }
            return i > start;
        }

        private boolean hasBackslash(int from, int to) {
            for (int k = from; k < to; k++) {
                if (b[k] == '\\') {
                    return true;
                }
            }
            return false;
        }

        private void skipWhitespace() {
            while (i < b.length && whitespace(b[i])) {
                i++;
            }
        }

        private static boolean whitespace(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private boolean at(char c) {
            return i < b.length && b[i] == c;
        }

        private boolean take(char c) {
            if (at(c)) {
                i++;
                return true;
            }
            return false;
        }
    }
}
