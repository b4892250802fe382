-- The gauges' sample (TelemetrySampler), one round trip: waiting runs by priority, node slots used and
-- free, instances by status, and each async projection's distance behind the daemon's high-water mark.
SELECT priority, count(*) FROM __schema__.run_queue WHERE owner IS NULL GROUP BY priority;

SELECT node, count(run_id), count(*) - count(run_id) FROM __schema__.node_slots GROUP BY node;

SELECT status, count(*) FROM __schema__.instances GROUP BY status;

SELECT p.name, greatest(coalesce(mark.last_seq_id, 0) - p.last_seq_id, 0)
  FROM __schema__.mt_event_progression p
  LEFT JOIN __schema__.mt_event_progression mark ON mark.name = 'HighWaterMark'
 WHERE p.name <> 'HighWaterMark';
