-- Keyset paging on the primary key: stable under concurrent inserts, no OFFSET scans.
SELECT id, upload_id, size, chunk_size, chunk_count, remark, time_stamp, created_at
FROM __schema__.blobs
WHERE $1::text IS NULL OR id > $1
ORDER BY id
LIMIT $2
