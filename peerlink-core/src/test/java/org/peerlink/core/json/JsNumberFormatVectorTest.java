package org.peerlink.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;

class JsNumberFormatVectorTest {

    @TestFactory
    Stream<DynamicTest> stringOfParsedNumberMatchesJavaScript() {
        return Vectors.cases("numbers.json").stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
            JsNumber number = JsNumber.ofJsonText(c.getString("input"));
            assertEquals(c.getBoolean("finite"), number.isFinite(), "finite");
            assertEquals(c.getString("string"), number.jsString(), c.getString("input"));
            assertEquals(c.getString("input"), number.text(), "text kept as received");
        }));
    }
}
