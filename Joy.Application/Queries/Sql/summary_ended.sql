-- $1 id, $2 status, $3 error, $4 at, $5 event version
UPDATE __schema__.instance_summaries
   SET status = $2, error = $3, finished_at = $4, updated_at = $4, event_version = $5
 WHERE id = $1
