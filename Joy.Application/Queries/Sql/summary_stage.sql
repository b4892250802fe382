-- $1 id, $2 stage, $3 at, $4 event version
UPDATE __schema__.instance_summaries SET stage = $2, updated_at = $3, event_version = $4 WHERE id = $1
