-- One row per stream of the batch (the latest event of each), upserted. Only a newer version
-- wins, so a batch applied twice, or out of order, leaves the row as it was: idempotent.
-- $1 stream ids, $2 versions, $3 types, $4 first event times (of the batch), $5 last event
-- times, $6 last event ids.
INSERT INTO __schema__.stream_summaries AS s (stream_id, version, last_event_type, first_event_at, last_event_at, last_event_id)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::uuid[])
ON CONFLICT (stream_id) DO UPDATE
   SET version = excluded.version,
       last_event_type = excluded.last_event_type,
       last_event_at = excluded.last_event_at,
       last_event_id = excluded.last_event_id
 WHERE s.version < excluded.version;
