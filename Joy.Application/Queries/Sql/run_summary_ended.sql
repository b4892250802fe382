-- $1 run id, $2 status, $3 duration reported by the executor (ms, may be null), $4 node (may be null), $5 at
UPDATE __schema__.actor_run_summaries
   SET status = $2, finished_at = $5, node = COALESCE(node, $4),
       duration_ms = COALESCE($3, (extract(epoch FROM $5 - started_at) * 1000)::bigint)
 WHERE run_id = $1
