package org.peerlink.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;

class JsCoercionVectorTest {

    @TestFactory
    Stream<DynamicTest> stringAndBooleanOfParsedValuesMatchJavaScript() {
        return Vectors.cases("coercion.json").stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
            JsValue value = JsonReader.parse(c.getString("input"));
            assertEquals(c.getString("string"), JsCoercion.toJsString(value), c.getString("input"));
            assertEquals(c.getBoolean("truthy"), JsCoercion.isTruthy(value), c.getString("input"));
        }));
    }

    @Test
    void undefinedIsAMissingValue() {
        assertEquals("undefined", JsCoercion.toJsString(null));
        assertFalse(JsCoercion.isTruthy(null));
    }
}
