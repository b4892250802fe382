UPDATE __schema__.instance_runs
   SET status = 'Started', node = $2, container_id = $3, started_at = $4
 WHERE run_id = $1
