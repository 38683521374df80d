package org.peerlink.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's option tables say what {@code --help} says: every option, its variable and its default. */
class ReadmeOptionsTest {

    @Test
    void everyOptionIsDocumentedWithItsDefault() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        for (LauncherOption option : LauncherOption.values()) {
            String name = option.takesValue() ? option.flag() + " " + option.valueName() : option.flag();
            Optional<String> row = text.lines().filter(line -> line.startsWith("| `" + name + "` |")).findFirst();
            assertTrue(row.isPresent(), "README has no row for " + name);
            String expected = "| `" + name + "` | " + option.envVar().map(v -> "`" + v + "`").orElse("–") + " | "
                    + option.defaultValue().orElse("–") + " |";
            assertTrue(row.get().startsWith(expected), "README row for " + name + " should start with " + expected
                    + ", is " + row.get());
        }
    }
}
