package org.peerlink.launcher;

import java.util.Locale;

import org.peerlink.options.CommandLineOption;

/**
 * The single table of launcher options: command-line name, environment variable ({@code PEERLINK_} + the name),
 * config-file key, default and description. {@code --help} (and the README table) are generated from this enum, so
 * keep them in sync here.
 */
public enum LauncherOption implements CommandLineOption {
    RELAY_PORT("relay-port", "PORT", "4000",
               "Port of the relay HTTP listener (0 = pick a free port)"),
    SIGNAL_PORT("signal-port", "PORT", "3000",
                "Port of the signal WebSocket listener (0 = pick a free port)"),
    HOST("host", "HOST", "127.0.0.1",
         "Address both listeners bind to (0.0.0.0 = all interfaces)"),
    DATA_DIR("data-dir", "DIR", "./data",
             "Data directory; created if missing, must be writable"),
    SERVICES("services", "LIST", "relay,signal",
             "Services to start: relay, signal, or both (comma-separated)"),
    RETENTION("retention", "SECONDS", "86400",
              "How long the relay keeps an unfetched envelope (ack tombstones: twice as long)"),
    BODY_LIMIT("body-limit", "BYTES", "20971520",
               "Largest relay request body (also with KiB, MiB, GiB: 20MiB); larger gets 413"),
    UPLOAD_SESSION_TTL("upload-session-ttl", "SECONDS", "21600",
                       "How long an unfinished chunked blob upload is kept"),
    MAX_BLOB_TTL("max-blob-ttl", "SECONDS", "0",
                 "Upper bound for a blob's ttl (0 = none: a blob lives the ttl it was uploaded with)"),
    SWEEP_INTERVAL("sweep-interval", "SECONDS", "60",
                   "How often expired envelopes, tombstones, blobs and uploads are deleted"),
    WS_IDLE_TIMEOUT("ws-idle-timeout", "SECONDS", "60",
                    "Close a signal connection that sent no frame for this long (the app pings every 20 s)"),
    WS_ALLOWED_ORIGINS("ws-allowed-origins", "LIST", "*",
                       "Web origins that may open the signal socket: * = any, or a comma-separated list"),
    PIN_EXPIRY("pin-expiry", "SECONDS", "15552000",
               "Release the key pin of a peerId that has not registered for this long (0 = never; default 180 days)"),
    CONFIG("config", "FILE", null,
           "YAML (.yaml/.yml) or .properties file with the keys above, e.g. relay-port: 4000"),
    HELP("help", "Print this help and exit");

    private final Spec spec;

    LauncherOption(String key, String valueName, String defaultValue, String description) {
        this.spec = new Spec(key, valueName, defaultValue,
                             "PEERLINK_" + key.toUpperCase(Locale.ROOT).replace('-', '_'), description);
    }

    // --help only: a variable that always asks for help would keep the server from ever starting
    LauncherOption(String key, String description) {
        this.spec = new Spec(key, null, null, null, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    /**
     * Whether the option may appear in a config file ({@code config} and {@code help} may not).
     *
     * @return true if allowed as a config-file key
     */
    public boolean inConfigFile() {
        return this != CONFIG && this != HELP;
    }
}
