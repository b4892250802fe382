SELECT id, upload_id, size, chunk_size, chunk_count, remark, time_stamp, created_at
FROM __schema__.blobs
WHERE id = $1
