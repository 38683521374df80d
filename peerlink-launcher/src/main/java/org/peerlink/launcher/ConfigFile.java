package org.peerlink.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;

import org.peerlink.options.UsageException;

/**
 * Reads a launcher config file (YAML or .properties) with Helidon Config. Keys are the option names without the
 * dashes ({@code relay-port: 4000}); {@code services} may also be a YAML list.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * Read the file.
     *
     * @param file path from {@code --config} or {@code PEERLINK_CONFIG}
     * @return the values found, by option
     * @throws UsageException if the file is missing, unreadable, malformed or has unknown keys
     */
    static Map<LauncherOption, String> read(Path file) throws UsageException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".properties"))) {
            throw Usage.problem("config file " + file + " must end with .yaml, .yml or .properties");
        }
        if (!Files.isRegularFile(file)) {
            throw Usage.problem("config file " + file + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw Usage.problem("config file " + file + " is not readable");
        }

        Config config;
        List<Config> nodes;
        try {
            config = Config.just(ConfigSources.file(file).optional(false));
            if (!config.exists()) {
                return Map.of(); // empty file
            }
            nodes = config.asNodeList().orElse(List.of());
        } catch (ConfigException e) {
            throw Usage.problem("cannot read config file " + file + ": " + oneLine(e));
        }

        Map<LauncherOption, String> values = new EnumMap<>(LauncherOption.class);
        for (Config node : nodes) {
            String key = node.name();
            LauncherOption option = LauncherOptionsParser.OPTIONS.fromKey(key)
                    .filter(LauncherOption::inConfigFile)
                    .orElseThrow(() -> Usage.problem("unknown key '" + key + "' in config file " + file));
            String value = switch (node.type()) {
                case VALUE -> node.asString().get();
                case LIST -> option == LauncherOption.SERVICES
                        ? String.join(",", node.asList(String.class).get())
                        : null;
                default -> null;
            };
            if (value == null) {
                throw Usage.problem("key '" + key + "' in config file " + file + " must be a single value");
            }
            values.put(option, value);
        }
        return values;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
