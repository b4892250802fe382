-- $1 run id, $2 instance id, $3 path, $4 attempt, $5 actor, $6 inputs, $7 at
INSERT INTO __schema__.instance_runs (run_id, instance_id, path, attempt, actor, status, inputs, requested_at)
VALUES ($1, $2, $3, $4, $5, 'Requested', $6, $7)
ON CONFLICT DO NOTHING
