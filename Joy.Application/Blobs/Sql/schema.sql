-- Content-addressed blobs. Idempotent: applied at every startup under an advisory lock.
CREATE SCHEMA IF NOT EXISTS joy;

-- One row per distinct content. Chunks are written under the upload's id because the content
-- hash (the blob id) is only known once the last byte has arrived.
CREATE TABLE IF NOT EXISTS joy.blobs (
  id          text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  upload_id   uuid        NOT NULL UNIQUE,
  size        bigint      NOT NULL CHECK (size >= 0),
  chunk_size  integer     NOT NULL CHECK (chunk_size > 0),
  chunk_count integer     NOT NULL CHECK (chunk_count >= 0),
  remark      text,
  time_stamp  bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS joy.blob_chunks (
  upload_id uuid    NOT NULL,
  index     integer NOT NULL,
  data      bytea   NOT NULL,
  PRIMARY KEY (upload_id, index)
);

-- Blob bytes are mostly incompressible (binaries, archives, gzip); EXTERNAL skips pglz's
-- compression attempt on every chunk and lets substring() fetch slices without detoasting.
ALTER TABLE joy.blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
