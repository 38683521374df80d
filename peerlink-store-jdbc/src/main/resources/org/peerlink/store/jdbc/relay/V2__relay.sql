-- Relay storage, version 2: envelope bodies up to 64 Ki characters live in the row (body_text). In a CLOB they
-- went through H2's LOB store on every insert and fetch: a stream copy per envelope that cost more CPU than the
-- signature check and most of the allocation of a store request. Larger bodies still go to the CLOB column;
-- exactly one of the two is set. Rows written by version 1 keep their CLOB.
ALTER TABLE relay_envelope ADD COLUMN IF NOT EXISTS body_text VARCHAR(65536);
ALTER TABLE relay_envelope ALTER COLUMN body SET NULL
