package org.peerlink.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What {@link JsonWriter} writes, {@link JsonReader} reads back as the same value: the relay stores and echoes
 * envelopes through this pair, and signed strings are computed from what the reader gives.
 */
class JsonRoundTripProperties {

    @Provide
    Arbitrary<JsValue> asReceived() {
        return JsonArbitraries.values();
    }

    @Provide
    Arbitrary<JsValue> javaScript() {
        return JsonArbitraries.values(JsonArbitraries.DEFAULT_DEPTH, JsonArbitraries.numbersJavaScript());
    }

    @Property(tries = 1000)
    void numbersAsReceivedComeBackWithTheirText(@ForAll("asReceived") JsValue value) throws Exception {
        assertEquals(value, JsonReader.parse(JsonWriter.write(value, JsonWriter.Numbers.AS_RECEIVED)));
    }

    /** Through UTF-8 too: the writer escapes lone surrogates, so no unit is lost to U+FFFD on the way. */
    @Property(tries = 1000)
    void stringifiedValuesComeBackThroughUtf8(@ForAll("javaScript") JsValue value) throws Exception {
        assertEquals(value, JsonReader.parse(JsonWriter.stringifyUtf8(value)));
    }

    /** The JavaScript rendering of a double parses back to that double (-0 aside, which JavaScript writes as 0). */
    @Property(tries = 1000)
    void aDoubleWrittenTheJavaScriptWayReadsBackAsItself(@ForAll("doubles") double value) throws Exception {
        JsNumber read = (JsNumber) JsonReader.parse(JsonWriter.stringify(JsNumber.of(value)));
        assertEquals(value == 0 ? 0.0 : value, read.value(), 0.0);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return JsonArbitraries.finiteDoubles();
    }
}
