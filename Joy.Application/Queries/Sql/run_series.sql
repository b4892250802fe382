-- Runs that ended since @since, per minute: how many by outcome, and the minute's p50 and p99 run time.
SELECT date_trunc('minute', finished_at),
       count(*) FILTER (WHERE status = 'Succeeded'),
       count(*) FILTER (WHERE status = 'Failed'),
       count(*) FILTER (WHERE status = 'Cancelled'),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms),
       percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms)
  FROM __schema__.actor_run_summaries
 WHERE finished_at >= @since
 GROUP BY 1 ORDER BY 1;
