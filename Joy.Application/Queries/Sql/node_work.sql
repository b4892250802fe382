-- Runs holding a node slot now (claimed from the engine's run_queue) with their instance and
-- actor, and runs waiting for a slot, grouped by priority. Two result sets.
SELECT q.node, q.run_id, q.instance_id, r.actor, r.path, r.attempt, q.claimed_at, r.container_id
  FROM __schema__.run_queue q
  JOIN __schema__.instance_runs r ON r.run_id = q.run_id
 WHERE q.owner IS NOT NULL
 ORDER BY q.node, q.claimed_at;

SELECT q.priority, q.run_id, q.instance_id, r.actor, r.path, q.enqueued_at
  FROM __schema__.run_queue q
  JOIN __schema__.instance_runs r ON r.run_id = q.run_id
 WHERE q.owner IS NULL
 ORDER BY q.priority DESC, q.seq
 LIMIT 1000;
