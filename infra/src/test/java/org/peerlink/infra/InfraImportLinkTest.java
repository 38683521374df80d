package org.peerlink.infra;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.peerlink.core.json.JsArray;
import org.peerlink.core.json.JsNumber;
import org.peerlink.core.json.JsObject;
import org.peerlink.core.json.JsString;
import org.peerlink.core.json.JsValue;
import org.peerlink.core.json.JsonReader;
import org.peerlink.core.json.JsonWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code peerlink://config} link {@code infra render} writes to {@code import-link.txt} and prints
 * (PROTOCOL.md section 4), read back the way the app reads it: {@code SettingsController.parseServerConfigDeepLink}
 * takes the {@code payload} query parameter, {@code base64Url.normalize} pads it, {@code base64Url.decode} and
 * {@code utf8.decode} turn it into text, {@code jsonDecode} into a map, and {@code ServerConfigPayload.fromJson}
 * reads its fields.
 */
class InfraImportLinkTest {

    private static final String PREFIX = "peerlink://config?payload=";
    // what Dart's Uri.queryParameters returns unchanged: no '%' or '+' to decode, no '&' or '#' to split on
    private static final Pattern BASE64URL_UNPADDED = Pattern.compile("[A-Za-z0-9_-]+");
    private static final List<String> CONFIG_KEYS = List.of("type", "version", "bootstrap", "relay", "turn", "push");
    private static final List<String> TURN_KEYS = List.of("url", "username", "password", "priority");

    @TempDir
    Path dir;

    private int renders;

    /** The link as written and printed, its printed description, and the JSON the app decodes from it. */
    private record Link(String text, String note, String json, JsObject config) {
    }

    @Test
    void anIpHostGetsTheEntriesTheWizardAddsAfterADeploy() throws Exception {
        Link link = render(Map.of("TURN_USER", "peerlink", "TURN_PASSWORD", "s3cret"), "203.0.113.7");

        // the whole text, key order and number forms included: ServerConfigPayload.toJson and
        // TurnServerConfig.toJson in this order, and the wizard's priorities (udp 1000, tcp 750)
        assertEquals("{\"type\":\"peerlink_server_config\",\"version\":1,"
                             + "\"bootstrap\":[\"wss://203.0.113.7:443\"],\"relay\":[\"https://203.0.113.7:444\"],"
                             + "\"turn\":[{\"url\":\"turn:203.0.113.7:3478?transport=udp\",\"username\":\"peerlink\","
                             + "\"password\":\"s3cret\",\"priority\":1000},"
                             + "{\"url\":\"turn:203.0.113.7:3478?transport=tcp\",\"username\":\"peerlink\","
                             + "\"password\":\"s3cret\",\"priority\":750}],\"push\":[]}",
                     link.json());
        assertConfig(link.config(), "203.0.113.7", 443, 444, 3478, "peerlink", "s3cret");
        assertTrue(link.note().contains("holds the TURN password"), link.note());
    }

    @Test
    void aDnsNameIsTheHostOfEveryUrl() throws Exception {
        Link link = render(Map.of("TURN_USER", "peerlink", "TURN_PASSWORD", "s3cret"), "peerlink.example.org",
                           "--public-ip", "198.51.100.20");
        assertConfig(link.config(), "peerlink.example.org", 443, 444, 3478, "peerlink", "s3cret");
        assertFalse(link.json().contains("198.51.100.20"), "the app connects to the name, TURN announces the IP");
    }

    @Test
    void anIpv6HostIsBracketedInEveryUrl() throws Exception {
        Link bare = render(Map.of("TURN_USER", "peerlink", "TURN_PASSWORD", "s3cret"), "2001:db8::7");
        assertConfig(bare.config(), "[2001:db8::7]", 443, 444, 3478, "peerlink", "s3cret");
        Link bracketed = render(Map.of("TURN_USER", "peerlink", "TURN_PASSWORD", "s3cret"), "[2001:db8::7]");
        assertEquals(bare.text(), bracketed.text());
    }

    @Test
    void theUrlsCarryThePublicPortsTheDeploymentListensOn() throws Exception {
        Link link = render(Map.of("TURN_USER", "peerlink", "TURN_PASSWORD", "s3cret"), "203.0.113.7",
                           "--signal-public-port", "8443", "--relay-public-port", "8444", "--turn-port", "3479",
                           "--turns-port", "5350", "--signal-backend-port", "3100", "--relay-backend-port", "4100");
        assertConfig(link.config(), "203.0.113.7", 8443, 8444, 3479, "peerlink", "s3cret");
        for (String hidden : List.of("5350", "3100", "4100")) {
            assertFalse(link.json().contains(hidden), "the app reaches only the public ports: " + hidden);
        }
    }

    @Test
    void aSharedSecretLeavesTheTurnEntriesOutAndSaysSo() throws Exception {
        Link link = render(Map.of("TURN_SECRET", "0123456789abcdef"), "203.0.113.7");
        assertEquals("{\"type\":\"peerlink_server_config\",\"version\":1,"
                             + "\"bootstrap\":[\"wss://203.0.113.7:443\"],\"relay\":[\"https://203.0.113.7:444\"],"
                             + "\"turn\":[],\"push\":[]}",
                     link.json());
        assertConfig(link.config(), "203.0.113.7", 443, 444, 3478, null, null);
        assertTrue(link.note().contains("no TURN entries"), link.note());
        assertTrue(link.note().contains("time-limited"), link.note());
        assertFalse(link.text().contains("0123456789abcdef"));
    }

    @Test
    void aPasswordIsEscapedAsJsonStringifyDoesAndSentAsUtf8() throws Exception {
        String password = "q\"uo\\te/ wörd ✓ \uD83D\uDE00 </script>";
        Link link = render(Map.of("TURN_USER", "alice@example.org", "TURN_PASSWORD", password), "203.0.113.7");
        assertConfig(link.config(), "203.0.113.7", 443, 444, 3478, "alice@example.org", password);
        // JSON.stringify escapes only '"', '\' and controls; '/' and non-ASCII stand for themselves
        assertTrue(link.json().contains("\"password\":\"q\\\"uo\\\\te/ wörd ✓ \uD83D\uDE00 </script>\""), link.json());
    }

    /** {@code infra render} for {@code host}, its link read from the file and from stdout. */
    private Link render(Map<String, String> env, String host, String... extra) throws Exception {
        Path out = dir.resolve("etc" + renders++);
        List<String> args = new ArrayList<>(List.of("--public-host", host, "--out", out.toString()));
        args.addAll(List.of(extra));
        Rendering.Result result = Rendering.render(env, args.toArray(String[]::new));

        Path file = out.resolve("import-link.txt");
        assertTrue(Files.isRegularFile(file), "infra render writes " + file + "; it printed:\n" + result.out());
        // it may hold the TURN password
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(written.endsWith("\n") && written.indexOf('\n') == written.length() - 1,
                   "one line: " + written);
        String text = written.strip();

        // printed last: where it said it wrote the file, what the link holds, then the link on a line of its own
        List<String> lines = result.out().lines().toList();
        assertEquals("peerlink infra: wrote " + file, lines.get(lines.size() - 3));
        String note = lines.get(lines.size() - 2);
        assertTrue(note.startsWith("peerlink infra: import link for the PeerLink app"), note);
        assertEquals(text, lines.getLast(), "the printed link is the written one");
        // and as a QR code, in a terminal and as a picture, that a scanner reads back to the same link
        assertEquals(text, QrDecoding.fromTerminal(out.resolve(InfraRenderer.QR_TEXT_FILE)));
        assertEquals(text, QrDecoding.fromPng(out.resolve(InfraRenderer.QR_PNG_FILE)));

        String json = appDecode(text);
        JsValue parsed = JsonReader.parse(json);
        JsObject config = assertInstanceOf(JsObject.class, parsed, json);
        // compact, and escaped exactly as JSON.stringify (and Dart's jsonEncode) would
        assertEquals(JsonWriter.stringify(config), json);
        return new Link(text, note, json, config);
    }

    /** The app's decoding of a config link, down to the JSON text. */
    private static String appDecode(String link) throws CharacterCodingException {
        assertTrue(link.startsWith(PREFIX), link);
        String payload = link.substring(PREFIX.length());
        assertTrue(BASE64URL_UNPADDED.matcher(payload).matches(),
                   "base64url without padding, as the app's QrPayloadEncoder writes it: " + payload);
        assertFalse(payload.length() % 4 == 1, "no base64 text has this length: " + payload.length());
        // base64Url.normalize: pad to a multiple of 4, then decode strictly
        String normalized = payload + "=".repeat((4 - payload.length() % 4) % 4);
        byte[] utf8 = Base64.getUrlDecoder().decode(normalized);
        assertEquals(new String(utf8, StandardCharsets.ISO_8859_1),
                     new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.ISO_8859_1),
                     "with or without padding, the same bytes");
        // utf8.decode throws on malformed input rather than replacing it
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(utf8))
                .toString();
    }

    /**
     * Every field ServerConfigPayload.fromJson reads, in the order toJson writes them.
     *
     * @param user     TURN user, or null when the link must carry no TURN entry
     * @param password its password
     */
    private static void assertConfig(JsObject config, String urlHost, int signalPort, int relayPort, int turnPort,
                                     String user, String password) {
        assertEquals(CONFIG_KEYS, List.copyOf(config.members().keySet()));
        assertEquals(new JsString("peerlink_server_config"), config.get("type"));
        // fromJson compares with the int 1: the text must be an integer
        assertEquals("1", assertInstanceOf(JsNumber.class, config.get("version")).text());
        assertEquals(List.of(new JsString("wss://" + urlHost + ":" + signalPort)), array(config, "bootstrap"));
        assertEquals(List.of(new JsString("https://" + urlHost + ":" + relayPort)), array(config, "relay"));
        assertEquals(List.of(), array(config, "push"));

        List<JsValue> turn = array(config, "turn");
        if (user == null) {
            assertEquals(List.of(), turn);
            return;
        }
        assertEquals(2, turn.size(), turn.toString());
        String[] transports = {"udp", "tcp"};
        long[] priorities = {1000, 750}; // the wizard's: UDP first, TCP as the fallback
        for (int i = 0; i < 2; i++) {
            JsObject entry = assertInstanceOf(JsObject.class, turn.get(i));
            assertEquals(TURN_KEYS, List.copyOf(entry.members().keySet()));
            assertEquals(new JsString("turn:" + urlHost + ":" + turnPort + "?transport=" + transports[i]),
                         entry.get("url"));
            assertEquals(new JsString(user), entry.get("username"));
            assertEquals(new JsString(password), entry.get("password"));
            // fromJson keeps the priority only when it is an int
            assertEquals(String.valueOf(priorities[i]), assertInstanceOf(JsNumber.class, entry.get("priority")).text());
        }
    }

    private static List<JsValue> array(JsObject config, String key) {
        return assertInstanceOf(JsArray.class, config.get(key), key).items();
    }
}
