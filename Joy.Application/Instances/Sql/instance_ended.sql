-- $1 id, $2 status, $3 output, $4 error, $5 cause, $6 at
UPDATE __schema__.instances
   SET status = $2, output = $3, error = $4, cause = $5, finished_at = $6, current_states = '{}'
 WHERE id = $1
