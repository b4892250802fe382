SELECT index, data
FROM __schema__.blob_chunks
WHERE upload_id = $1 AND index >= $2 AND index < $3
ORDER BY index
