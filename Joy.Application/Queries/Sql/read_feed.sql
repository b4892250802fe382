-- The global log for the query side's feed, gap-safe like EventStore/Sql/read_all.sql (only
-- transactions older than every open one, in (transaction_id, seq_id) order), filtered.
-- $1 after transaction_id, $2 after seq_id, $3 max rows, $4 stream ids (null = any),
-- $5 event types (null = any), $6 state machine names (null = any).
-- One statement, so the horizon, the page and the meta columns share a snapshot. Always at least
-- one row; every row carries held_back and scanned_to (the last event below the horizon): when
-- the page is not full, every match up to scanned_to was returned, so the reader may move there.
WITH horizon AS (
    SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin
),
page AS (
    SELECT e.seq_id, e.transaction_id, e.id, e.stream_id, e.version, e.type, e.data, e.metadata, e.timestamp, e.is_archived
      FROM __schema__.events e
     WHERE (e.transaction_id, e.seq_id) > ($1, $2)
       AND e.transaction_id < (SELECT xmin FROM horizon)
       AND ($4::text[] IS NULL OR e.stream_id = ANY ($4))
       AND ($5::text[] IS NULL OR e.type = ANY ($5))
       AND ($6::text[] IS NULL OR EXISTS (
            -- The instance's state machine is in its first event (unique index on stream_id, version).
            SELECT 1 FROM __schema__.events s
             WHERE s.stream_id = e.stream_id AND s.version = 1
               AND s.type = 'instance.started.v1' AND s.data ->> 'stateMachineName' = ANY ($6)))
     ORDER BY e.transaction_id, e.seq_id
     LIMIT $3
),
meta AS (
    SELECT EXISTS (SELECT 1 FROM __schema__.events h
                    WHERE (h.transaction_id, h.seq_id) > ($1, $2)
                      AND h.transaction_id >= (SELECT xmin FROM horizon)) AS held_back,
           (SELECT l.transaction_id FROM __schema__.events l WHERE l.transaction_id < (SELECT xmin FROM horizon)
             ORDER BY l.transaction_id DESC, l.seq_id DESC LIMIT 1) AS last_tx,
           (SELECT l.seq_id FROM __schema__.events l WHERE l.transaction_id < (SELECT xmin FROM horizon)
             ORDER BY l.transaction_id DESC, l.seq_id DESC LIMIT 1) AS last_seq
)
SELECT p.seq_id, p.transaction_id, p.id, p.stream_id, p.version, p.type, p.data, p.metadata, p.timestamp, p.is_archived,
       m.held_back, m.last_tx, m.last_seq
  FROM meta m
  LEFT JOIN page p ON true
 ORDER BY p.transaction_id, p.seq_id;
