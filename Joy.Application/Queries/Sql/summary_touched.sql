-- Any other instance event: only the version and time move. $1 id, $2 at, $3 event version
UPDATE __schema__.instance_summaries SET updated_at = $2, event_version = $3 WHERE id = $1
