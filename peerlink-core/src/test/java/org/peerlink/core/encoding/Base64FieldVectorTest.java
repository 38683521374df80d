package org.peerlink.core.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.peerlink.core.Vectors;

class Base64FieldVectorTest {

    @TestFactory
    Stream<DynamicTest> decodesPerContract() {
        return Vectors.cases("base64.json").stream().map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
            Optional<byte[]> decoded = Base64Field.decode(c.getString("input"));
            if (c.getBoolean("valid")) {
                assertTrue(decoded.isPresent(), "should decode: " + c.getString("input"));
                assertEquals(c.getString("bytesHex"), Vectors.hex(decoded.get()));
            } else {
                assertTrue(decoded.isEmpty(), "should reject: " + c.getString("input"));
            }
        }));
    }
}
