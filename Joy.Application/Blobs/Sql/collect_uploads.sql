-- Abandoned staged uploads (a crashed process, a lost best-effort discard) and their chunks.
DELETE FROM __schema__.blob_uploads
WHERE published_at IS NULL AND started_at < now() - $1::interval
