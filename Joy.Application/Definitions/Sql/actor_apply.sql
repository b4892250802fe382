-- One actor event. $1 name, $2 version, $3 kind (defined/changed/deleted), $4 definition (null
-- when deleted), $5 at. Idempotent: a version already applied changes nothing, so a rebuild or a
-- replayed batch leaves the tables as they were.
WITH history AS (
    INSERT INTO __schema__.actor_versions (name, version, kind, definition, at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (name, version) DO NOTHING
)
INSERT INTO __schema__.actors AS a (name, version, definition, created_at, updated_at, deleted)
VALUES ($1, $2, COALESCE($4, '{}'::jsonb), $5, $5, $4 IS NULL)
ON CONFLICT (name) DO UPDATE
   SET version = excluded.version,
       definition = CASE WHEN excluded.deleted THEN a.definition ELSE excluded.definition END,
       -- a name defined again after a deletion starts a new life
       created_at = CASE WHEN $3 = 'defined' THEN excluded.created_at ELSE a.created_at END,
       updated_at = excluded.updated_at,
       deleted = excluded.deleted
 WHERE a.version < excluded.version;
