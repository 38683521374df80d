package org.peerlink.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** infra/README.md's option table says what {@code infra render --help} says. */
class InfraReadmeTest {

    @Test
    void everyOptionIsDocumentedWithItsVariableAndDefault() throws IOException {
        String text = Files.readString(Path.of("..", "infra", "README.md"), StandardCharsets.UTF_8);
        for (InfraOption option : InfraOption.values()) {
            String name = option.takesValue() ? option.flag() + " " + option.valueName() : option.flag();
            Optional<String> row = text.lines().filter(line -> line.startsWith("| `" + name + "` |")).findFirst();
            assertTrue(row.isPresent(), "infra/README.md has no row for " + name);
            String expected = "| `" + name + "` | " + option.envVar().map(v -> "`" + v + "`").orElse("–") + " | "
                    + option.defaultValue().map(d -> "`" + d + "`").orElse("–") + " |";
            assertTrue(row.get().startsWith(expected), "row for " + name + " should start with " + expected
                    + ", is " + row.get());
        }
    }
}
