-- The whole log in order, for a reader that holds a SHARE lock on events (no append in flight,
-- none can start), so no horizon is needed. $1/$2 after, $3 max rows.
SELECT e.seq_id, e.transaction_id, e.id, e.stream_id, e.version, e.type, e.data, e.metadata, e.timestamp, e.is_archived
  FROM __schema__.events e
 WHERE (e.transaction_id, e.seq_id) > ($1, $2)
 ORDER BY e.transaction_id, e.seq_id
 LIMIT $3;
