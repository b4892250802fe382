-- Registers a staged upload before its first batch; the collector removes it if it is abandoned.
INSERT INTO __schema__.blob_uploads (upload_id) VALUES ($1)
