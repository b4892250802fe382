-- Three result sets. @since: the utilisation window start.
-- 1. instances per state machine and status
SELECT name, status, count(*) FROM __schema__.instance_summaries GROUP BY name, status ORDER BY name, status;
-- 2. actor run times (finished runs with a duration)
SELECT actor, count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY duration_ms),
       percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms),
       max(duration_ms)
  FROM __schema__.actor_run_summaries
 WHERE duration_ms IS NOT NULL
 GROUP BY actor ORDER BY actor;
-- 3. per node: runs started in the window, running now, busy seconds inside the window
SELECT node,
       count(*) FILTER (WHERE started_at >= @since),
       count(*) FILTER (WHERE status = 'Started'),
       coalesce(sum(extract(epoch FROM least(coalesce(finished_at, now()), now()) - greatest(started_at, @since))), 0)::float8
  FROM __schema__.actor_run_summaries
 WHERE node IS NOT NULL AND started_at IS NOT NULL AND coalesce(finished_at, now()) > @since
 GROUP BY node ORDER BY node;
