-- $1 run id, $2 instance id, $3 actor, $4 path, $5 attempt, $6 at
INSERT INTO __schema__.actor_run_summaries (run_id, instance_id, actor, path, attempt, status, requested_at)
VALUES ($1, $2, $3, $4, $5, 'Requested', $6)
ON CONFLICT (run_id) DO NOTHING
