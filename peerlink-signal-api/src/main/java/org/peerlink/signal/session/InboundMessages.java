package org.peerlink.signal.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reassembles one client's messages from their frames, within the size limit: text messages by characters, binary
 * ones by bytes and then as UTF-8 text, as the original reads them (its {@code message.toString('utf8')}; invalid
 * UTF-8 becomes U+FFFD there and here). One per connection, fed from its reading thread.
 */
final class InboundMessages {

    /** A message the client finished sending. */
    sealed interface Message {
        /** Within the limit: its text. */
        record Text(String text) implements Message {
        }

        /** Over the limit: its content was dropped as it came. */
        record Oversized() implements Message {
        }
    }

    private final int maxChars;
    private final int maxBytes;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private boolean oversized;

    InboundMessages(int maxChars, int maxBytes) {
        this.maxChars = maxChars;
        this.maxBytes = maxBytes;
    }

    /** A fragment of a text message; the message when {@code last}. */
    Optional<Message> text(String fragment, boolean last) {
        if (!oversized && text.length() + fragment.length() <= maxChars) {
            text.append(fragment);
        } else {
            oversized = true;
            text.setLength(0);
        }
        if (!last) {
            return Optional.empty();
        }
        String message = text.toString();
        text.setLength(0);
        return Optional.of(complete(message));
    }

    /** A fragment of a binary message; the message, read as UTF-8 text, when {@code last}. */
    Optional<Message> binary(byte[] fragment, boolean last) {
        if (!oversized && binary.size() + fragment.length <= maxBytes) {
            binary.writeBytes(fragment);
        } else {
            oversized = true;
            binary.reset();
        }
        if (!last) {
            return Optional.empty();
        }
        String message = binary.toString(StandardCharsets.UTF_8);
        binary.reset();
        oversized |= message.length() > maxChars;
        return Optional.of(complete(message));
    }

    private Message complete(String message) {
        if (oversized) {
            oversized = false;
            return new Message.Oversized();
        }
        return new Message.Text(message);
    }
}
