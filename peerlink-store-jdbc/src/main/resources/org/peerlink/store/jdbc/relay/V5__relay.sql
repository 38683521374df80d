-- Relay storage, version 5: a sender's unfinished uploads are counted for its quota (issue 13, finding 8) on every
-- chunk; the primary key leads with upload_id, so without this index each count would read the whole table.
CREATE INDEX IF NOT EXISTS relay_upload_by_uploader ON relay_upload (uploader_id, expires_at_ms)
