package org.peerlink.core.json;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of JSON values for the property tests of every module (published in the core's test-jar). The
 * generated text leans towards what breaks JSON code: escapes, control characters, surrogate pairs and lone
 * surrogates, number texts at the edges of the grammar, keys that JavaScript orders as array indexes.
 */
public final class JsonArbitraries {

    /** Deep enough to nest every kind of value in every other, shallow enough to keep a try cheap. */
    public static final int DEFAULT_DEPTH = 3;

    private JsonArbitraries() {
    }

    /** Strings of arbitrary UTF-16 units, weighted towards the ones JSON escapes or treats specially. */
    public static Arbitrary<String> strings(int maxUnits) {
        return units().list().ofMaxSize(maxUnits).map(pieces -> String.join("", pieces));
    }

    public static Arbitrary<String> strings() {
        return strings(24);
    }

    /** One code point or one lone surrogate, as a string (a supplementary code point is a pair). */
    private static Arbitrary<String> units() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.chars().range(' ', '~').map(String::valueOf)),
                Tuple.of(3, Arbitraries.of("\"", "\\", "/", "\b", "\f", "\n", "\r", "\t")),
                Tuple.of(3, Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf)),
                Tuple.of(3, Arbitraries.chars().all().filter(c -> !Character.isSurrogate(c)).map(String::valueOf)),
                Tuple.of(2, Arbitraries.integers().between(Character.MIN_SUPPLEMENTARY_CODE_POINT,
                        Character.MAX_CODE_POINT).map(Character::toString)),
                Tuple.of(1, Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE)
                        .map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("\u007f", "\u00a0", "\u2028", "\u2029", "\ufeff", "\ufffd")));
    }

    /** Object keys: any string, or one JavaScript treats as an array index (or nearly: "01", 2^32 − 1). */
    public static Arbitrary<String> keys() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, strings(8)),
                Tuple.of(2, Arbitraries.of("0", "1", "2", "10", "01", "-1", "4294967294", "4294967295", "1e3")),
                Tuple.of(1, Arbitraries.longs().between(0, 5_000_000_000L).map(String::valueOf)));
    }

    /**
     * Numbers kept as arbitrary JSON number text ({@code -0.0}, {@code 1E+400}, 30 digits): what {@link JsonWriter}
     * echoes in {@link JsonWriter.Numbers#AS_RECEIVED}.
     */
    public static Arbitrary<JsNumber> numbersAsReceived() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> integer = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("0")),
                Tuple.of(4, Combinators.combine(Arbitraries.chars().range('1', '9'), digits.injectNull(0.5))
                        .as((first, rest) -> first + (rest == null ? "" : rest))));
        Arbitrary<String> fraction = digits.map(d -> "." + d).injectNull(0.6);
        Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(4))
                .as((e, sign, d) -> e + sign + d).injectNull(0.6);
        return Combinators.combine(Arbitraries.of("", "-"), integer, fraction, exponent)
                .as((sign, i, f, e) -> sign + i + (f == null ? "" : f) + (e == null ? "" : e))
                .map(JsNumber::ofJsonText);
    }

    /** Finite doubles from their whole range (any bit pattern, not just a few decimals), as JavaScript writes them. */
    public static Arbitrary<Double> finiteDoubles() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)),
                Tuple.of(2, Arbitraries.longs().between(-(1L << 54), 1L << 54).map(Long::doubleValue)),
                Tuple.of(1, Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e21,
                        1e-7, 9.007199254740993E15, 123e-20, 5e-324, 0.1, 1.0 / 3)));
    }

    /** Numbers created from doubles ({@link JsNumber#of(double)}): what {@link JsonWriter#stringify} renders. */
    public static Arbitrary<JsNumber> numbersJavaScript() {
        return finiteDoubles().map(JsNumber::of);
    }

    /** Any JSON value up to {@code maxDepth} levels of arrays and objects, its numbers from {@code numbers}. */
    public static Arbitrary<JsValue> values(int maxDepth, Arbitrary<JsNumber> numbers) {
        return Arbitraries.recursive(() -> leaves(numbers), JsonArbitraries::containers, 0, maxDepth);
    }

    /** Any JSON value, its numbers as arbitrary JSON text. */
    public static Arbitrary<JsValue> values() {
        return values(DEFAULT_DEPTH, numbersAsReceived());
    }

    /** Objects of arbitrary members whose values are {@code values}. */
    public static Arbitrary<JsObject> objects(Arbitrary<JsValue> values, int maxMembers) {
        return Combinators.combine(keys(), values).as(Tuple::of).list().ofMaxSize(maxMembers).map(members -> {
            JsObject.Builder object = JsObject.builder();
            members.forEach(member -> object.put(member.get1(), member.get2()));
            return object.build();
        });
    }

    private static Arbitrary<JsValue> leaves(Arbitrary<JsNumber> numbers) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, strings().map(JsString::new)),
                Tuple.of(3, numbers),
                Tuple.of(1, Arbitraries.of(JsBoolean.TRUE, JsBoolean.FALSE, JsNull.INSTANCE)));
    }

    private static Arbitrary<JsValue> containers(Arbitrary<JsValue> inner) {
        // inner itself too, so that a container's members are of every depth up to the deepest
        Arbitrary<JsArray> arrays = inner.list().ofMaxSize(3).map(items -> new JsArray(List.copyOf(items)));
        return Arbitraries.frequencyOf(Tuple.of(1, inner), Tuple.of(2, arrays), Tuple.of(2, objects(inner, 3)));
    }
}
