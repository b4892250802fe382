-- $1 stream id, $2 from version, $3 to version (inclusive), $4 include archived.
SELECT e.seq_id, e.transaction_id, e.id, e.stream_id, e.version, e.type, e.data, e.metadata, e.timestamp, e.is_archived
  FROM __schema__.events e
 WHERE e.stream_id = $1
   AND e.version BETWEEN $2 AND $3
   AND ($4 OR NOT e.is_archived)
 ORDER BY e.version;
