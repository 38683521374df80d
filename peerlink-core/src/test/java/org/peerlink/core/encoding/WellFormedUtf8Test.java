package org.peerlink.core.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.peerlink.core.Vectors;

class WellFormedUtf8Test {

    @Test
    void loneSurrogatesBecomeReplacementCharacterNotQuestionMark() {
        assertEquals("61efbfbd62", Vectors.hex(WellFormedUtf8.encode("a\ud800b")));
        assertEquals("efbfbdefbfbd", Vectors.hex(WellFormedUtf8.encode("\udc00\ud83d")));
    }

    @Test
    void wellFormedTextIsPlainUtf8() {
        String s = "peer-ж-\ud83d\ude00-|";
        assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), WellFormedUtf8.encode(s));
    }
}
