-- A re-run starts over from one state: the instance runs again and its end is forgotten.
UPDATE __schema__.instances
   SET status = 'Running', current_states = '{}', output = NULL, error = NULL, cause = NULL, finished_at = NULL,
       parameters = COALESCE($2, parameters)
 WHERE id = $1
