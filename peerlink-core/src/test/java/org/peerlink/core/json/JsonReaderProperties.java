package org.peerlink.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * {@link JsonReader} on hostile input — every request body and signal frame goes through it before anything else
 * looks at them: it answers with a value or {@link MalformedJsonException}, never with any other exception (a
 * stack overflow, an index out of bounds), which the relay would answer with a 500 and the signal hub with silence.
 */
class JsonReaderProperties {

    /** Parses, letting anything but the documented exception fail the property; a value must be writable again. */
    private static Optional<JsValue> parseOrMalformed(String text) {
        try {
            JsValue value = JsonReader.parse(text);
            assertReadsBackAsItself(value);
            return Optional.of(value);
        } catch (MalformedJsonException expected) {
            return Optional.empty();
        }
    }

    private static void assertReadsBackAsItself(JsValue value) throws MalformedJsonException {
        assertEquals(value, JsonReader.parse(JsonWriter.write(value, JsonWriter.Numbers.AS_RECEIVED)));
    }

    /** Text made of JSON's own characters, so that the reader gets deep into its states before it fails. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\ud83d", "0",
                "-", "1", ".", "e", "E", "+", "true", "fals", "null", " ", "\n", "\"a\"", "\"\\\"\"", "\u0000",
                "\ud800", "\ufeff", "9");
        return Arbitraries.oneOf(tokens.list().ofMaxSize(40).map(list -> String.join("", list)),
                JsonArbitraries.strings(40));
    }

    @Property(tries = 1000)
    void arbitraryTextParsesOrIsMalformed(@ForAll("jsonish") String text) {
        parseOrMalformed(text);
    }

    /** Bytes: malformed UTF-8 becomes U+FFFD and is then text like any other. */
    @Property(tries = 500)
    void arbitraryBytesParseOrAreMalformed(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            assertReadsBackAsItself(JsonReader.parse(bytes));
        } catch (MalformedJsonException expected) {
            // the documented outcome
        }
    }

    /** Strict prefixes of the text of an object or an array. */
    @Provide
    Arbitrary<String> truncatedContainers() {
        return JsonArbitraries.values().filter(v -> v instanceof JsObject || v instanceof JsArray)
                .map(v -> JsonWriter.write(v, JsonWriter.Numbers.AS_RECEIVED))
                .flatMap(json -> Arbitraries.integers().between(0, json.length() - 1).map(n -> json.substring(0, n)));
    }

    /** A body cut short (a client that died mid-request) is never taken for a whole object or array. */
    @Property(tries = 500)
    void aTruncatedObjectOrArrayIsMalformed(@ForAll("truncatedContainers") String prefix) {
        assertThrows(MalformedJsonException.class, () -> JsonReader.parse(prefix), prefix);
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> valid = JsonArbitraries.values().map(v -> JsonWriter.write(v, JsonWriter.Numbers.AS_RECEIVED));
        Arbitrary<Character> inserted = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of('{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', 'e', ' ')),
                Tuple.of(1, Arbitraries.chars().all()));
        return Combinators.combine(valid, Arbitraries.integers().greaterOrEqual(0), inserted,
                Arbitraries.of(Mutation.values())).as((json, at, c, mutation) -> mutation.apply(json, at, c));
    }

    /** One edit to a valid text, as a buggy client or a flipped bit makes it. */
    private enum Mutation {
        INSERT, REPLACE, DELETE, TRUNCATE;

        String apply(String json, int at, char c) {
            int i = json.isEmpty() ? 0 : at % json.length();
            return switch (this) {
                case INSERT -> json.substring(0, i) + c + json.substring(i);
                case REPLACE -> json.isEmpty() ? String.valueOf(c) : json.substring(0, i) + c + json.substring(i + 1);
                case DELETE -> json.isEmpty() ? json : json.substring(0, i) + json.substring(i + 1);
                case TRUNCATE -> json.substring(0, i);
            };
        }
    }

    @Property(tries = 1000)
    void aMutatedValidTextParsesOrIsMalformed(@ForAll("mutated") String text) {
        parseOrMalformed(text);
    }

    /** Mostly around the limit, where an off-by-one would show, and some far past it. */
    @Provide
    Arbitrary<Integer> depths() {
        int limit = JsonReader.MAX_DEPTH;
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(limit - 3, limit + 3)),
                Tuple.of(2, Arbitraries.integers().between(1, 2 * limit)),
                Tuple.of(1, Arbitraries.integers().between(2 * limit, 20_000)));
    }

    /**
     * Nesting is bounded by {@link JsonReader#MAX_DEPTH} without the stack: within it a nesting of arrays and objects
     * parses, past it (by a little or by thousands of levels, closed or not) it is malformed.
     */
    @Property(tries = 300)
    void nestingIsRefusedPastTheDepthLimitWithoutOverflowingTheStack(@ForAll("depths") int depth,
                                                                     @ForAll boolean closed, @ForAll long kinds) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            boolean object = (kinds >>> (level % 64) & 1) == 1;
            open.append(object ? "{\"k\":" : "[");
            close.append(object ? '}' : ']');
        }
        String text = open + "0" + (closed ? close.reverse() : "");
        if (closed && depth <= JsonReader.MAX_DEPTH) {
            assertEquals(true, parseOrMalformed(text).isPresent(), "depth " + depth);
        } else {
            assertThrows(MalformedJsonException.class, () -> JsonReader.parse(text), "depth " + depth);
        }
    }
}
