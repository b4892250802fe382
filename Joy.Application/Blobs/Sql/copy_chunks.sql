COPY __schema__.blob_chunks (upload_id, index, data) FROM STDIN (FORMAT BINARY)
