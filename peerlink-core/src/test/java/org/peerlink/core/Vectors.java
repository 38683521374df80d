package org.peerlink.core;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads the test vectors under {@code src/test/resources/vectors}, produced by
 * {@code tools/vectors/generate.mjs} with JavaScript's own JSON, String(n) and node:crypto. They are
 * read with JSON-P's object model, independently of the parser under test.
 */
public final class Vectors {

    private Vectors() {
    }

    public static JsonObject file(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing vector file " + name + "; run node tools/vectors/generate.mjs");
            }
            try (JsonReader reader = Json.createReader(in)) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonObject> cases(String name) {
        return cases(name, "cases");
    }

    public static List<JsonObject> cases(String name, String list) {
        List<JsonObject> cases = file(name).getJsonArray(list).getValuesAs(JsonObject.class);
        if (cases.isEmpty()) {
            throw new IllegalStateException("no cases in " + name + "#" + list);
        }
        return cases;
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
