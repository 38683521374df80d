-- Register nonces consumed within the window, keyed by the SHA-256 of the nonce so the key has a fixed size
-- whatever a client sends.
CREATE TABLE IF NOT EXISTS signal_nonce (
    nonce_sha256 CHAR(64) PRIMARY KEY,
    used_at_ms   BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS signal_nonce_used_at ON signal_nonce (used_at_ms);

-- When each peer that is offline was last seen (a peer that comes online loses its row).
CREATE TABLE IF NOT EXISTS signal_last_seen (
    peer_id      VARCHAR(512) PRIMARY KEY,
    last_seen_ms BIGINT NOT NULL
);
