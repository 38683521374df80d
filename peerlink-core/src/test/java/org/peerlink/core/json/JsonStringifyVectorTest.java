package org.peerlink.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;

class JsonStringifyVectorTest {

    @TestFactory
    Stream<DynamicTest> reserialisationMatchesJsonStringify() {
        return Vectors.cases("json-stringify.json").stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
            byte[] input = c.getString("input").getBytes(StandardCharsets.UTF_8);
            JsValue parsed = JsonReader.parse(input);
            assertEquals(c.getString("expectedHex"), Vectors.hex(JsonWriter.stringifyUtf8(parsed)));
        }));
    }

    @TestFactory
    Stream<DynamicTest> textJsonParseRejectsIsMalformed() {
        return Vectors.cases("json-stringify.json", "malformed").stream().map(c -> DynamicTest.dynamicTest(c.getString("name"),
                () -> assertThrows(MalformedJsonException.class, () -> JsonReader.parse(c.getString("input")))));
    }
}
