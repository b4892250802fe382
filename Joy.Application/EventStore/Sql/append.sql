SELECT outcome, stream_version, seq_ids, transaction_id, appended_at
  FROM __schema__.append_events($1, $2, $3, $4, $5, $6, $7);
