-- $1 run id, $2 node, $3 at
UPDATE __schema__.actor_run_summaries SET status = 'Started', node = $2, started_at = $3 WHERE run_id = $1
