-- Relay storage, version 4: a blob's mime type is kept exactly as uploaded, and null when the upload had none
-- (PROTOCOL.md §2.2, "mimeType"); blobs written before keep the trimmed text (or "") they were stored with.
-- An upload session records the file name and mime type of its first chunk, which the completed blob gets;
-- sessions begun before this version have neither and take the completion's.
ALTER TABLE relay_blob ALTER COLUMN mime_type SET NULL;
ALTER TABLE relay_upload ADD COLUMN IF NOT EXISTS file_name VARCHAR;
ALTER TABLE relay_upload ADD COLUMN IF NOT EXISTS mime_type VARCHAR
