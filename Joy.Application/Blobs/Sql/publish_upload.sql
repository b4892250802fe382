-- Locks the staged upload against the collector. No row: the collector took it (too old).
UPDATE __schema__.blob_uploads SET published_at = now()
WHERE upload_id = $1 AND published_at IS NULL
