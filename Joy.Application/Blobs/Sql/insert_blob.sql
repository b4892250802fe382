-- A concurrent upload of the same content waits here for the other transaction, then does nothing.
INSERT INTO __schema__.blobs (id, upload_id, size, chunk_size, chunk_count, remark, time_stamp)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO NOTHING
RETURNING created_at
