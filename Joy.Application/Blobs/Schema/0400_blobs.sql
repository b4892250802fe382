-- Content-addressed blobs. The content hash (the blob id) is only known once the last byte has
-- arrived, so chunks are staged under an upload id in short committed batches: an upload never
-- holds a transaction open, because the event store's gap-safe read horizon is cluster-wide.
-- A staged upload is invisible to readers (they reach chunks only through a blobs row); publishing
-- marks the upload and inserts the blobs row in one short transaction, moving no chunk bytes.
CREATE TABLE __schema__.blob_uploads (
  upload_id    uuid        PRIMARY KEY,
  started_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

-- What the collector of abandoned uploads scans.
CREATE INDEX blob_uploads_staged ON __schema__.blob_uploads (started_at) WHERE published_at IS NULL;

CREATE TABLE __schema__.blobs (
  id          text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  upload_id   uuid        NOT NULL UNIQUE REFERENCES __schema__.blob_uploads (upload_id),
  size        bigint      NOT NULL CHECK (size >= 0),
  chunk_size  integer     NOT NULL CHECK (chunk_size > 0),
  chunk_count integer     NOT NULL CHECK (chunk_count >= 0),
  remark      text,
  time_stamp  bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Deleting a staged upload deletes its chunks; a batch arriving after its upload was collected
-- fails on the foreign key instead of leaving orphans.
CREATE TABLE __schema__.blob_chunks (
  upload_id uuid    NOT NULL REFERENCES __schema__.blob_uploads (upload_id) ON DELETE CASCADE,
  index     integer NOT NULL,
  data      bytea   NOT NULL,
  PRIMARY KEY (upload_id, index)
);

-- Blob bytes are mostly incompressible (binaries, archives, gzip); EXTERNAL skips pglz's
-- compression attempt on every chunk and lets substring() fetch slices without detoasting.
ALTER TABLE __schema__.blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
