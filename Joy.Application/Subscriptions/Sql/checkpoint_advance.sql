-- Compare-and-set: moves the checkpoint only from where this consumer read it, so a reset
-- (projection rebuild) or another consumer's progress is never overwritten. Locks the row.
-- $1 name, $2/$3 from, $4/$5 to.
UPDATE __schema__.subscriptions
   SET tx_id = $4, seq_id = $5, updated = now()
 WHERE name = $1 AND tx_id = $2 AND seq_id = $3;
