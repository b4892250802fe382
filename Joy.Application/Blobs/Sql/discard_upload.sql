-- Drops a staged (never a published) upload; its chunks go with it (ON DELETE CASCADE).
DELETE FROM __schema__.blob_uploads
WHERE upload_id = $1 AND published_at IS NULL
