-- Creates the checkpoint at the start of the log the first time; one snapshot, so exactly one
-- of the two branches returns the row. $1 name.
WITH created AS (
    INSERT INTO __schema__.subscriptions (name) VALUES ($1)
    ON CONFLICT (name) DO NOTHING
    RETURNING tx_id, seq_id
)
SELECT tx_id, seq_id FROM created
UNION ALL
SELECT tx_id, seq_id FROM __schema__.subscriptions WHERE name = $1;
