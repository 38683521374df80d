-- The peerId -> signing key pins of PROTOCOL.md §3.5: made by the first successful register of a peerId, enforced
-- on later registers and on relay writes. The key is the raw 32-byte Ed25519 key as standard base64 (44 chars).
CREATE TABLE IF NOT EXISTS identity_pin (
    peer_id      VARCHAR(512) PRIMARY KEY,
    signing_key  VARCHAR(64) NOT NULL,
    pinned_at_ms BIGINT NOT NULL,
    last_used_ms BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_pin_last_used ON identity_pin (last_used_ms);
