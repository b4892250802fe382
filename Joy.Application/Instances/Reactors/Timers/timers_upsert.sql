-- $1 instance, $2 timer, $3 due at, $4 kind (wait | retry), $5 state path. Idempotent for rebuilds.
INSERT INTO __schema__.timers (instance_id, timer_id, due_at, kind, path)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (instance_id, timer_id) DO UPDATE SET due_at = EXCLUDED.due_at, kind = EXCLUDED.kind, path = EXCLUDED.path;
