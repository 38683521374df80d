package org.peerlink.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static String nested(int depth, String inner) {
        return "[".repeat(depth) + inner + "]".repeat(depth);
    }

    @Test
    void sixtyFourLevelsAreAcceptedSixtyFiveAreNot() throws Exception {
        assertInstanceOf(JsArray.class, JsonReader.parse(nested(64, "1")));
        MalformedJsonException tooDeep = assertThrows(MalformedJsonException.class,
                () -> JsonReader.parse(nested(65, "1")));
        assertTrue(tooDeep.getMessage().contains("64"), tooDeep.getMessage());
    }

    @Test
    void tenThousandLevelsInsideAnObjectAreRejectedWithoutStackOverflow() {
        String deep = "{\"identityProfile\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}";
        assertThrows(MalformedJsonException.class, () -> JsonReader.parse(deep));
    }

    @Test
    void numbersKeepTheirTextForEchoAndRenderTheJavaScriptWayForSigning() throws Exception {
        JsObject o = (JsObject) JsonReader.parse("{\"ts\":1741590002123,\"x\":1.50,\"y\":1e21,\"z\":-0.0}");
        assertEquals("{\"ts\":1741590002123,\"x\":1.50,\"y\":1e21,\"z\":-0.0}", JsonWriter.write(o, JsonWriter.Numbers.AS_RECEIVED));
        assertEquals("{\"ts\":1741590002123,\"x\":1.5,\"y\":1e+21,\"z\":0}", JsonWriter.stringify(o));
    }

    @Test
    void duplicateKeyKeepsFirstPositionAndLastValue() throws Exception {
        JsObject o = (JsObject) JsonReader.parse("{\"a\":1,\"b\":2,\"a\":3,\"2\":4,\"1\":5}");
        assertEquals(List.of("1", "2", "a", "b"), List.copyOf(o.members().keySet()));
        assertEquals("{\"1\":5,\"2\":4,\"a\":3,\"b\":2}", JsonWriter.stringify(o));
    }

    @Test
    void nonObjectTopLevelValuesParseSoCallersCanAnswerWithAClearError() throws Exception {
        assertEquals(JsNull.INSTANCE, JsonReader.parse("null"));
        assertEquals(JsNumber.ofJsonText("5"), JsonReader.parse(" 5 "));
        assertInstanceOf(JsArray.class, JsonReader.parse("[]"));
    }

    @Test
    void malformedUtf8BecomesReplacementCharacterLikeNode() throws Exception {
        byte[] body = {'"', (byte) 0xC3, '"'};
        assertEquals(new JsString("\uFFFD"), JsonReader.parse(body));
    }

    @Test
    void garbageAndTrailingContentAreMalformed() {
        for (String bad : List.of("", "   ", "{} x", "{\"a\":1} {}", "\ufeff{}", "{\"a\" 1}", "[1,,2]")) {
            assertThrows(MalformedJsonException.class, () -> JsonReader.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void theStrictGrammar() throws Exception {
        for (String bad : List.of("01", "-", "1.", ".5", "+1", "1e", "1e+", "[1,]", "{\"a\":1,}", "{a:1}", "'a'",
                "[\"\\x\"]", "[\"\\u12\"]", "[\"\\u\u0663\u0663\u0663\u0663\"]", "\"tab\there\"", "[\"open",
                "tru", "nul", "[1 2]", "{\"a\":1 \"b\":2}", "\u00a0 1")) {
            assertThrows(MalformedJsonException.class, () -> JsonReader.parse(bad), bad);
        }
        assertEquals(new JsString("a\"\\/\b\f\n\r\t\u00e9\ud83d"),
                JsonReader.parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\""));
        assertEquals("[-0,1.5e-7,1E+2,0.0]", JsonWriter.write(JsonReader.parse(" [ -0 , 1.5e-7 ,\n1E+2,\t0.0 ] "),
                JsonWriter.Numbers.AS_RECEIVED));
    }
}
