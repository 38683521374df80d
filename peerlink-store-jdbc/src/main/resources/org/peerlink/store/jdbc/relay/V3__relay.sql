-- Relay storage, version 3: identity columns hand out values from a larger cache. H2 records a sequence's state
-- with a commit of its own whenever the cache (32 by default) runs out: one extra commit per 32 stored envelopes,
-- a fifth of the writer's time under load. After a crash a cached range is skipped, which only leaves a gap in
-- numbers that are used for ordering.
ALTER TABLE relay_envelope ALTER COLUMN seq SET CACHE 4096;
ALTER TABLE relay_chunk ALTER COLUMN chunk_id SET CACHE 1024;
ALTER TABLE relay_content ALTER COLUMN content_id SET CACHE 1024
