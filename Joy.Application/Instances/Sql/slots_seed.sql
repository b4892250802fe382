-- One row per slot of a configured node: add missing ones, drop free ones above MaxRunningJobs.
-- $1 node, $2 max running jobs
WITH added AS (
    INSERT INTO __schema__.node_slots (node, slot)
    SELECT $1, n FROM generate_series(1, $2) AS n
    ON CONFLICT DO NOTHING
)
DELETE FROM __schema__.node_slots s WHERE s.node = $1 AND s.slot > $2 AND s.run_id IS NULL
