package org.peerlink.signal.register;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsBoolean;
import org.peerlink.core.json.JsNull;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;

/**
 * Whether an {@code identityProfile} is larger than a register may carry, found without writing it out: the
 * canonical payload writes it twice (v2, then v1) and that is the work the cap bounds. The count is the length of
 * its JSON text without escapes, close enough for a cap, and it stops as soon as it is over.
 */
final class ProfileSize {

    private ProfileSize() {
    }

    static boolean exceeds(JsValue profile, long maxChars) {
        long chars = 0;
        Deque<JsValue> pending = new ArrayDeque<>();
        pending.push(profile);
        while (!pending.isEmpty()) {
            JsValue value = pending.pop();
            chars += switch (value) {
                case JsString s -> s.value().length() + 2;
                case JsNumber n -> n.text().length();
                case JsBoolean b -> 5;
                case JsNull n -> 4;
                case JsArray a -> {
                    a.items().forEach(pending::push);
                    yield 2 + a.size();
                }
                case JsObject o -> {
                    long keys = 0;
                    for (Map.Entry<String, JsValue> member : o.members().entrySet()) {
                        keys += member.getKey().length() + 3;
                        pending.push(member.getValue());
                    }
                    yield 2 + keys;
                }
                default -> 0;
            };
            if (chars > maxChars) {
                return true;
            }
        }
        return false;
    }
}
