-- The last event a reader can be given now (below the horizon, see read_feed.sql): "after=end"
-- starts a live feed from here. Anything not yet readable has a larger transaction id, so it
-- comes after this position and will be delivered.
SELECT transaction_id, seq_id
  FROM __schema__.events
 WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
 ORDER BY transaction_id DESC, seq_id DESC
 LIMIT 1;
