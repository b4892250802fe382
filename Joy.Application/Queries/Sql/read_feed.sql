-- The global log for the query side's feed, filtered: Marten's events in sequence order, up to
-- the async daemon's high-water mark (see EventStore/MartenEventLog.cs). __columns__,
-- __high_water__ and __tombstones__ (Marten's placeholders for failed appends) are filled in from
-- MartenEventLog.
-- $1 after seq_id, $2 max rows, $3 stream ids (null = any), $4 event types (null = any),
-- $5 state machine names (null = any).
-- One statement, so the mark, the page and the meta columns share a snapshot. Always at least one
-- row; every row carries held_back (events above the mark wait for the daemon) and scanned_to
-- (the mark): when the page is not full, every match up to the mark was returned, so the reader
-- may move there.
WITH mark AS (
    SELECT __high_water__ AS seq
),
page AS (
    SELECT __columns__
      FROM __schema__.mt_events e
     WHERE e.seq_id > $1
       AND e.seq_id <= (SELECT seq FROM mark)
       AND NOT e.is_archived
       AND e.stream_id <> '__tombstones__'
       AND ($3::text[] IS NULL OR e.stream_id = ANY ($3))
       AND ($4::text[] IS NULL OR e.type = ANY ($4))
       AND ($5::text[] IS NULL OR EXISTS (
            -- The instance's state machine is in its first event (unique index on stream_id, version).
            SELECT 1 FROM __schema__.mt_events s
             WHERE s.stream_id = e.stream_id AND s.version = 1
               AND s.type = 'instance.started.v1' AND s.data ->> 'stateMachineName' = ANY ($5)))
     ORDER BY e.seq_id
     LIMIT $2
)
SELECT page.*,
       EXISTS (SELECT 1 FROM __schema__.mt_events h
                WHERE h.seq_id > greatest($1, (SELECT seq FROM mark)) AND h.stream_id <> '__tombstones__') AS held_back,
       (SELECT seq FROM mark) AS scanned_to
  FROM (SELECT 1) AS one
  LEFT JOIN page ON true
 ORDER BY page.seq_id;
