-- The checkpoint, created at the start of the log the first time. DO UPDATE (a no-op change)
-- rather than DO NOTHING: it returns the row even when another process created it concurrently,
-- which a plain SELECT in this statement's snapshot would not see. $1 name.
INSERT INTO __schema__.subscriptions AS s (name) VALUES ($1)
ON CONFLICT (name) DO UPDATE SET name = s.name
RETURNING s.tx_id, s.seq_id;
