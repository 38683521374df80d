package org.peerlink.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code infra qr TEXT} draws a QR code in the terminal that ZXing's reader reads back as TEXT. */
class InfraQrCommandTest {

    @TempDir
    Path dir;

    @Test
    void drawsACodeThatReadsBackAsTheText() throws Exception {
        String link = "peerlink://config?payload=eyJzaWduYWwiOlt7InVybCI6IndzczovLzIwMy4wLjExMy43OjQ0MyJ9XX0";
        Rendering.Result result = Rendering.run(Map.of(), "infra", "qr", link);
        assertEquals(0, result.exitCode(), result.err());
        Path drawn = dir.resolve("qr.txt");
        Files.writeString(drawn, result.out(), StandardCharsets.UTF_8);
        assertEquals(link, QrDecoding.fromTerminal(drawn));
    }

    @Test
    void withoutTextItSaysWhatItExpects() {
        Rendering.Result result = Rendering.run(Map.of(), "infra", "qr");
        assertEquals(InfraCommands.EXIT_USAGE, result.exitCode());
        assertTrue(result.err().contains("expected 'infra qr TEXT'"), result.err());
    }
}
