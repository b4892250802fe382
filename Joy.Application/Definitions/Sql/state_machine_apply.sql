-- One state machine event. $1 name, $2 version, $3 kind (defined/changed/deleted), $4 definition
-- (null when deleted), $5 at, $6 the actors its Tasks name. Idempotent, as actor_apply.sql.
WITH history AS (
    INSERT INTO __schema__.state_machine_versions (name, version, kind, definition, at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (name, version) DO NOTHING
)
INSERT INTO __schema__.state_machines AS s (name, version, definition, actors, created_at, updated_at, deleted)
VALUES ($1, $2, COALESCE($4, '{}'::jsonb), $6, $5, $5, $4 IS NULL)
ON CONFLICT (name) DO UPDATE
   SET version = excluded.version,
       definition = CASE WHEN excluded.deleted THEN s.definition ELSE excluded.definition END,
       actors = CASE WHEN excluded.deleted THEN '{}' ELSE excluded.actors END,
       created_at = CASE WHEN $3 = 'defined' THEN excluded.created_at ELSE s.created_at END,
       updated_at = excluded.updated_at,
       deleted = excluded.deleted
 WHERE s.version < excluded.version;
