-- False when the run left the queue (its result or a cancel was recorded) or another process took it.
UPDATE __schema__.run_queue SET lease_expires_at = now() + make_interval(secs => $3)
 WHERE run_id = $1 AND owner = $2
