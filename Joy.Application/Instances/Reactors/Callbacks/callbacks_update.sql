-- $1 callback, $2 attempts made, $3 status, $4 next attempt at (null when done), $5 last error, $6 now.
UPDATE __schema__.callbacks
SET attempts = $2, status = $3, next_attempt_at = $4, last_error = $5,
    completed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $6 END
WHERE callback_id = $1;
