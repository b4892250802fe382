COPY joy.blob_chunks (upload_id, index, data) FROM STDIN (FORMAT BINARY)
