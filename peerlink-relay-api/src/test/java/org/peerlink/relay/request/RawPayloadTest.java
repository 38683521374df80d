package org.peerlink.relay.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.peerlink.core.encoding.Base64Field;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.MalformedJsonException;

class RawPayloadTest {

    private static final String BASE64 = Base64.getEncoder().encodeToString(new byte[100_000]);

    @Test
    void aChunkBodyHasItsPayloadSetAside() {
        byte[] chunk = new byte[70_000];
        new Random(1).nextBytes(chunk);
        String payload = Base64.getEncoder().encodeToString(chunk);
        byte[] body = utf8("{\"id\":\"v1\",\"from\":\"alice\",\"payload\":\"" + payload + "\",\"chunkIndex\":0}");

        RawPayload.Split split = RawPayload.split(body).orElseThrow();

        assertEquals("{\"id\":\"v1\",\"from\":\"alice\",\"payload\":\"\",\"chunkIndex\":0}",
                     new String(split.rest(), StandardCharsets.UTF_8));
        assertArrayEquals(chunk, split.payload().decode().orElseThrow());
    }

    @Test
    void onlyAPlainTopLevelPayloadIsSetAside() {
        Map<String, String> parsedWhole = Map.of(
                "{\"pay\\u006coad\":\"" + BASE64 + "\"}", "an escaped key may spell payload",
                "{\"payload\":\"AAAA\",\"payload\":\"" + BASE64 + "\"}", "the last of two wins: the parser decides",
                "{\"payload\":12}", "not a string",
                "{\"payload\":\"" + BASE64 + "\\/\"}", "an escape in it",
                "{\"payload\":\"" + BASE64 + "é\"}", "beyond ASCII",
                "{\"x\":{\"payload\":\"" + BASE64 + "\"}}", "not at the top",
                "[{\"payload\":\"" + BASE64 + "\"}]", "not an object",
                "{\"payload\":\"" + BASE64 + "\"} x", "text after the object",
                "{\"payload\":\"" + BASE64, "the string does not end",
                "{\"id\":\"v\"}", "no payload");
        parsedWhole.forEach((body, why) -> assertEquals(Optional.empty(), RawPayload.split(utf8(body)), why));
    }

    @Test
    void anInvalidPayloadIsReportedWhenDecoded() {
        RawPayload.Split split = RawPayload.split(utf8("{\"payload\":\"" + BASE64 + "A\"}")).orElseThrow();
        assertEquals(Optional.empty(), split.payload().decode());
        RawPayload.Split urlSafe = RawPayload.split(utf8("{\"payload\":\"-_-_\"}")).orElseThrow();
        assertArrayEquals(Base64.getUrlDecoder().decode("-_-_"), urlSafe.payload().decode().orElseThrow());
    }

    /**
     * Whatever the body, setting the payload aside changes nothing the handlers see: the rest parses to the whole
     * body's object with an empty payload, or both fail to parse; the payload decodes as the field would.
     */
    @Test
    void setAsideOrNotTheOutcomeIsTheSame() {
        String[] templates = {
                "{\"id\":\"v1\",\"from\":\"alice\",\"groupId\":\"g\",\"fileName\":\"a b.png\",\"ts\":1.5e3,"
                        + "\"ttl\":60,\"chunkIndex\":0,\"totalChunks\":2,\"payload\":\"%s\"}",
                " { \"payload\" : \"%s\" , \"nested\" : {\"payload\":[1,{\"a\":\"]}\\\"\"}],\"s\":\"{\"} ,\"n\":null }\n",
                "{\"a\":[],\"b\":{},\"c\":\"\\u0070ayload\",\"payload\":\"%s\",\"t\":true,\"f\":false,\"z\":-0}",
        };
        String alphabet = " \t\r\n{}[]\":,\\/ueE+-.0123456789abcdefnrtlsAQ=_é";
        Random random = new Random(42);
        int splits = 0;
        for (int round = 0; round < 20_000; round++) {
            String payload = BASE64.substring(0, random.nextInt(1, 64) * 4);
            String body = String.format(templates[round % templates.length], payload);
            int mutations = round % 4;
            StringBuilder mutated = new StringBuilder(body);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(mutated.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> mutated.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> {
                        if (at < mutated.length()) {
                            mutated.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < mutated.length()) {
                            mutated.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                    }
                }
            }
            byte[] bytes = utf8(mutated.toString());
            Optional<RawPayload.Split> split = RawPayload.split(bytes);
            if (split.isEmpty()) {
                continue;
            }
            splits++;
            Optional<JsObject> whole = parse(bytes);
            Optional<JsObject> rest = parse(split.get().rest());
            assertEquals(whole.isPresent(), rest.isPresent(), mutated::toString);
            if (whole.isPresent()) {
                JsObject expected = withEmptyPayload(whole.get());
                assertEquals(expected, rest.get(), mutated::toString);
                String text = ((JsString) whole.get().get("payload")).value();
                assertEquals(Base64Field.decode(text).map(Base64.getEncoder()::encodeToString),
                             split.get().payload().decode().map(Base64.getEncoder()::encodeToString),
                             mutated::toString);
            }
        }
        assertTrue(splits > 10_000, "the generated bodies exercise the split: " + splits);
    }

    private static JsObject withEmptyPayload(JsObject object) {
        JsObject.Builder copy = JsObject.builder();
        for (Map.Entry<String, JsValue> member : object.members().entrySet()) {
            copy.put(member.getKey(), member.getKey().equals("payload") ? new JsString("") : member.getValue());
        }
        return copy.build();
    }

    private static Optional<JsObject> parse(byte[] body) {
        try {
            return JsonReader.parse(body) instanceof JsObject object ? Optional.of(object) : Optional.empty();
        } catch (MalformedJsonException e) {
            return Optional.empty();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
