-- A run's end (result, error or cancel).
-- $1 run id, $2 status, $3 exit code, $4 oom, $5 timed out, $6 duration, $7 outputs, $8 log blob,
-- $9 error, $10 cause, $11 at, $12 node, $13 container,
-- $14 timeout reason, $15 cpu time, $16 peak memory, $17 wall time
UPDATE __schema__.instance_runs
   SET status = $2, exit_code = $3, oom_killed = $4, timed_out = $5, duration_ms = $6, outputs = $7,
       log_blob = $8, error = $9, cause = $10, finished_at = $11,
       node = COALESCE(node, $12), container_id = COALESCE(container_id, $13),
       timeout_reason = $14, cpu_time_ms = $15, peak_memory_bytes = $16, wall_time_ms = $17
 WHERE run_id = $1
