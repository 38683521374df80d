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
    BODY_READ_TIMEOUT("body-read-timeout", "SECONDS", "60",
                      "Drop a relay connection whose request body takes longer than this to arrive"),
    UPLOAD_SESSION_TTL("upload-session-ttl", "SECONDS", "21600",
                       "How long an unfinished chunked blob upload is kept"),
    MAX_BLOB_TTL("max-blob-ttl", "SECONDS", "604800",
                 "Upper bound for a blob's ttl (default 7 days; 0 = none: a blob lives the ttl it was uploaded with)"),
    MAX_RECIPIENTS("max-recipients", "COUNT", "1000",
                   "Most recipients one group store may name; more gets 400 too many recipients"),
    MAX_MEMBERS("max-members", "COUNT", "1000",
                "Most members one members update may name; more gets 400 too many memberPeerIds"),
    ENVELOPE_LIMIT("envelope-limit", "SIZE", "1MiB",
                   "Largest stored envelope text (a store, or one group-store copy); larger gets 413 envelope too large"),
    FAN_OUT_LIMIT("fan-out-limit", "SIZE", "64MiB",
                  "Largest total of the copies one group store queues; larger gets 413 fan-out too large"),
    FETCH_PAGE_LIMIT("fetch-page-limit", "SIZE", "8MiB",
                     "Most envelope text one fetch answers with (always at least one envelope)"),
    MAX_REQUESTS_PER_ADDRESS("max-requests-per-address", "COUNT", "256",
                             "Relay requests one client address may have in progress; one more gets 429"),
    MAX_QUEUE_ENVELOPES("max-queue-envelopes", "COUNT", "10000",
                        "Envelopes one recipient's queue may hold; one more gets 507 insufficient storage"),
    MAX_QUEUE_SIZE("max-queue-size", "SIZE", "256MiB",
                   "Envelope text one recipient's queue may hold; more gets 507 insufficient storage"),
    MAX_UPLOADS_PER_SENDER("max-uploads-per-sender", "COUNT", "32",
                           "Unfinished chunked uploads one sender may have open; one more gets 507"),
    MAX_UPLOAD_SIZE_PER_SENDER("max-upload-size-per-sender", "SIZE", "2GiB",
                               "Bytes one sender's unfinished chunked uploads may hold together; more gets 507"),
    MIN_FREE_DISK("min-free-disk", "SIZE", "512MiB",
                  "Below this much free space on the data directory's disk relay writes get 507 (0 = no check)"),
    SWEEP_INTERVAL("sweep-interval", "SECONDS", "60",
                   "How often expired envelopes, tombstones, blobs and uploads are deleted"),
    WS_IDLE_TIMEOUT("ws-idle-timeout", "SECONDS", "60",
                    "Close a signal connection that sent no frame for this long (the app pings every 20 s)"),
    WS_ALLOWED_ORIGINS("ws-allowed-origins", "LIST", "*",
                       "Web origins that may open the signal socket: * = any, or a comma-separated list"),
    MESSAGE_LIMIT("message-limit", "CHARS", "1048576",
                  "Largest signal message (one frame or its fragments); larger gets an INVALID_JSON error frame"),
    SEND_QUEUE_FRAMES("send-queue-frames", "COUNT", "1024",
                      "Frames a signal connection may have waiting for its client before it is closed with 1013"),
    SEND_QUEUE_LIMIT("send-queue-limit", "CHARS", "4194304",
                     "Characters those frames may hold together (at least --message-limit), for the same close"),
    MAX_PEER_ID("max-peer-id", "CHARS", "128",
                "Longest peerId a register may claim; longer gets INVALID_REGISTER peerId is too long"),
    MAX_PROFILE("max-profile", "CHARS", "32768",
                "Longest identityProfile (JSON text) a register may carry; longer gets identityProfile too large"),
    LAST_SEEN_PEERS("last-seen-peers", "COUNT", "1000",
                    "Most offline peers whose last-seen time is kept and sent in peers answers (oldest go first)"),
    LAST_SEEN_MAX_AGE("last-seen-max-age", "SECONDS", "2592000",
                      "How long a last-seen time is kept at most (default 30 days)"),
    MAX_CONNECTIONS_PER_ADDRESS("max-connections-per-address", "COUNT", "1000",
                                "Open signal connections one client address may hold; one more is closed with 1013"),
    REGISTER_DEADLINE("register-deadline", "SECONDS", "30",
                      "Close a signal connection that has not registered this long after it opened (1008)"),
    RATE_RELAY_READ("rate-relay-read", "RATE", "6000/2000",
                    "Fetch, health, capabilities and probe per client address: PER_MINUTE/BURST, or off"),
    RATE_RELAY_WRITE("rate-relay-write", "RATE", "3000/1200",
                     "Store, ack, group store and members update per client address: PER_MINUTE/BURST, or off"),
    RATE_RELAY_BLOB("rate-relay-blob", "RATE", "3000/1000",
                    "Blob uploads, chunks, completions and downloads per client address: PER_MINUTE/BURST, or off"),
    RATE_RELAY_KEY("rate-relay-key", "RATE", "600/300",
                   "Verified signed relay writes per signing key: PER_MINUTE/BURST, or off"),
    RATE_REGISTER("rate-register", "RATE", "600/300",
                  "Signal registers per client address, before they are verified: PER_MINUTE/BURST, or off"),
    RATE_REGISTER_PEER("rate-register-peer", "RATE", "30/20",
                       "Verified signal registers per peerId: PER_MINUTE/BURST, or off"),
    RATE_SIGNAL_MESSAGES("rate-signal-messages", "RATE", "3000/60",
                         "Messages per signal connection: PER_MINUTE/BURST, or off"),
    MAX_RELAY_CONNECTIONS("max-relay-connections", "COUNT", "2048",
                          "Open relay connections at once; more wait to be accepted (keeps file descriptors in hand)"),
    MAX_SIGNAL_CONNECTIONS("max-signal-connections", "COUNT", "16000",
                           "Open signal connections at once; more wait to be accepted"),
    PROXY_PROTOCOL("proxy-protocol", "BOOLEAN", "false",
                   "Both listeners expect the PROXY protocol (v1/v2) and take the client address from it"),
    ADMIN_PORT("admin-port", "PORT", "9400",
               "Port of the admin listener: /observe/metrics, /observe/health, status page, backup (0 = a free port)"),
    ADMIN_HOST("admin-host", "HOST", "127.0.0.1",
               "Address the admin listener binds to; keep it private (loopback, or a management network)"),
    DRAIN_DELAY("drain-delay", "SECONDS", "6",
                "On SIGTERM, readiness answers 503 this long before signal sockets are closed (HAProxy notices)"),
    DRAIN_WINDOW("drain-window", "SECONDS", "5",
                 "Then the signal sockets are closed with 1012 spread over this long, so reconnects spread out"),
    LOG_FORMAT("log-format", "FORMAT", "text",
               "Log lines as text or json (one JSON object per line); stderr either way"),
    ACCESS_LOG("access-log", "BOOLEAN", "false",
               "Log every relay request: method, route, status, milliseconds, bytes, client address (no query)"),
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
