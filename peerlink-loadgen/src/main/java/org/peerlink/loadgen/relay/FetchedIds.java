package org.peerlink.loadgen.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the envelope ids in a {@code /relay/fetch} response without parsing the JSON: the generator stores its
 * own envelopes with {@code id} as the first key, and the relay returns each envelope as it was posted, so every
 * message starts with <code>{"id":"</code>. Ids are plain ASCII chosen by the generator (no escapes).
 */
public final class FetchedIds {

    private static final byte[] MARKER = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);

    private FetchedIds() {
    }

    public static List<String> of(byte[] response) {
        List<String> ids = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = indexOf(response, MARKER, from);
            if (at < 0) {
                return ids;
            }
            int start = at + MARKER.length;
            int end = start;
            while (end < response.length && response[end] != '"') {
                end++;
            }
            ids.add(new String(response, start, end - start, StandardCharsets.US_ASCII));
            from = end;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
