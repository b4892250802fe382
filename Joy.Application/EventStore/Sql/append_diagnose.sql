-- Why an append wrote nothing: the stream's row (null when it does not exist) and any events
-- that already carry one of the append's ids (a retry, or an id reused). $1 stream id, $2 ids.
SELECT s.version, s.archived, e.stream_id, e.version, e.seq_id, e.transaction_id, e.id
  FROM (SELECT 1) AS one
  LEFT JOIN __schema__.streams s ON s.id = $1
  LEFT JOIN __schema__.events e ON e.id = ANY ($2)
 ORDER BY e.version;
