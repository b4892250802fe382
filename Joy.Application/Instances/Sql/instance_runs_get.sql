SELECT run_id, path, attempt, actor, status, node, container_id, inputs, outputs, exit_code, oom_killed, timed_out,
       duration_ms, error, cause, log_blob, requested_at, started_at, finished_at,
       timeout_reason, cpu_time_ms, peak_memory_bytes, wall_time_ms
  FROM __schema__.instance_runs WHERE instance_id = $1 ORDER BY seq
