package org.peerlink.core.json;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON text into {@link JsValue}s with {@code JSON.parse} semantics. Parsson's strict
 * streaming tokenizer does the lexing and keeps the exact text of numbers; the tree is built here so
 * that keys follow JavaScript's ordering and duplicate-key rules. The tree is built without
 * recursion and nesting beyond {@link #MAX_DEPTH} is rejected before anything else looks at it.
 */
public final class JsonReader {

    /** Deepest nesting of arrays and objects accepted (the contract's bound). */
    public static final int MAX_DEPTH = 64;

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private JsonReader() {
    }

    /** Parses UTF-8 bytes; malformed UTF-8 becomes U+FFFD, as Node's body decoding does. */
    public static JsValue parse(byte[] utf8) throws MalformedJsonException {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    public static JsValue parse(String text) throws MalformedJsonException {
        return parse(new StringReader(text));
    }

    public static JsValue parse(Reader reader) throws MalformedJsonException {
        try (JsonParser parser = PARSERS.createParser(reader)) {
            return readTree(parser);
        } catch (JsonParsingException e) {
            throw new MalformedJsonException("invalid JSON: " + e.getMessage(), e);
        } catch (jakarta.json.JsonException e) {
            throw new MalformedJsonException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static JsValue readTree(JsonParser parser) throws MalformedJsonException {
        Deque<Container> open = new ArrayDeque<>();
        JsValue root = null;
        String pendingKey = null;
        while (parser.hasNext()) {
            JsonParser.Event event = parser.next();
            JsValue completed;
            switch (event) {
                case START_OBJECT, START_ARRAY -> {
                    if (open.size() == MAX_DEPTH) {
                        throw new MalformedJsonException("JSON nested deeper than " + MAX_DEPTH + " levels");
                    }
                    open.push(new Container(event == JsonParser.Event.START_OBJECT, pendingKey));
                    pendingKey = null;
                    continue;
                }
                case KEY_NAME -> {
                    pendingKey = parser.getString();
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    Container done = open.pop();
                    pendingKey = done.keyInParent;
                    completed = done.build();
                }
                case VALUE_STRING -> completed = new JsString(parser.getString());
                case VALUE_NUMBER -> completed = JsNumber.ofJsonText(parser.getString());
                case VALUE_TRUE -> completed = JsBoolean.TRUE;
                case VALUE_FALSE -> completed = JsBoolean.FALSE;
                case VALUE_NULL -> completed = JsNull.INSTANCE;
                default -> throw new MalformedJsonException("unexpected JSON event " + event);
            }
            if (open.isEmpty()) {
                root = completed;
            } else {
                open.peek().add(pendingKey, completed);
            }
            pendingKey = null;
        }
        if (root == null) {
            throw new MalformedJsonException("invalid JSON: no value");
        }
        return root;
    }

    /** An array or object being filled, with the key it will be stored under in its parent. */
    private static final class Container {
        private final JsObject.Builder object;
        private final List<JsValue> array;
        private final String keyInParent;

        Container(boolean isObject, String keyInParent) {
            this.object = isObject ? JsObject.builder() : null;
            this.array = isObject ? null : new ArrayList<>();
            this.keyInParent = keyInParent;
        }

        void add(String key, JsValue value) {
            if (object != null) {
                object.put(key, value);
            } else {
                array.add(value);
            }
        }

        JsValue build() {
            return object != null ? object.build() : new JsArray(array);
        }
    }
}
