-- Back to the start of the log; locks the row, waiting for a batch in flight to commit. $1 name.
INSERT INTO __schema__.subscriptions (name) VALUES ($1)
ON CONFLICT (name) DO UPDATE SET tx_id = '0', seq_id = 0, updated = now();
