package org.peerlink.signal.session;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InboundMessagesTest {

    private final InboundMessages messages = new InboundMessages(10, 30);

    @Test
    void fragmentsAreJoinedUpToTheLimitAndAnOversizedMessageIsDroppedAsItComes() {
        assertEquals(Optional.empty(), messages.text("01234", false));
        assertEquals(Optional.of(new InboundMessages.Message.Text("0123456789")), messages.text("56789", true));
        messages.text("0123456789", false);
        assertEquals(Optional.of(new InboundMessages.Message.Oversized()), messages.text("x", true));
        assertEquals(Optional.of(new InboundMessages.Message.Text("next")), messages.text("next", true),
                "the next message starts afresh");
    }

    @Test
    void binaryMessagesAreUtf8TextWithTheSameCharacterLimit() {
        byte[] accented = "éééééééééé".getBytes(StandardCharsets.UTF_8); // 10 characters, 20 bytes
        assertEquals(Optional.of(new InboundMessages.Message.Text("éééééééééé")), messages.binary(accented, true));
        assertEquals(Optional.of(new InboundMessages.Message.Oversized()),
                messages.binary("ééééééééééé".getBytes(StandardCharsets.UTF_8), true), "11 characters in 22 bytes");
        assertEquals(Optional.of(new InboundMessages.Message.Oversized()), messages.binary(new byte[31], true),
                "over the byte limit");
        assertEquals(Optional.of(new InboundMessages.Message.Text("\uFFFD{")),
                messages.binary(new byte[] {(byte) 0xff, '{'}, true), "invalid UTF-8 becomes U+FFFD, as in Node");
    }
}
