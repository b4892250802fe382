-- The global log, gap-safe (see PostgresEventStore): only transactions older than every
-- transaction still running, in (transaction_id, seq_id) order. One statement, so the horizon
-- and the rows come from the same snapshot. Always returns at least one row: held_back says
-- committed rows exist beyond the horizon (an older transaction is still open).
-- $1 after transaction_id, $2 after seq_id, $3 max rows, $4 include archived streams.
WITH horizon AS (
    SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin
),
page AS (
    SELECT e.seq_id, e.transaction_id, e.id, e.stream_id, e.version, e.type, e.data, e.metadata, e.timestamp, e.is_archived
      FROM __schema__.events e
     WHERE (e.transaction_id, e.seq_id) > ($1, $2)
       AND e.transaction_id < (SELECT xmin FROM horizon)
       AND ($4 OR NOT e.is_archived)
     ORDER BY e.transaction_id, e.seq_id
     LIMIT $3
)
SELECT p.seq_id, p.transaction_id, p.id, p.stream_id, p.version, p.type, p.data, p.metadata, p.timestamp, p.is_archived,
       EXISTS (SELECT 1
                 FROM __schema__.events h
                WHERE (h.transaction_id, h.seq_id) > ($1, $2)
                  AND h.transaction_id >= (SELECT xmin FROM horizon)) AS held_back
  FROM (SELECT 1) AS one
  LEFT JOIN page p ON true
 ORDER BY p.transaction_id, p.seq_id;
