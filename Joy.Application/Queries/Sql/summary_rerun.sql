-- $1 id, $2 at, $3 event version
UPDATE __schema__.instance_summaries
   SET status = 'Running', error = NULL, finished_at = NULL, started_at = $2, updated_at = $2, event_version = $3
 WHERE id = $1
