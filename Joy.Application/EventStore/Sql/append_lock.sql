-- First of the two statements of an append (append_write.sql is the second), sent together as one
-- batch: one round trip, one transaction. Two statements on purpose: the second takes its snapshot
-- after this one holds the stream's lock. $1 stream id.
--
-- The per-stream lock, taken BEFORE the transaction writes anything, hence before it is given
-- a transaction id: a later append to the same stream then always gets a larger xid, so the
-- (transaction_id, seq_id) order of the global log keeps every stream in version order.
SELECT pg_advisory_xact_lock(hashtextextended('__schema__.stream:' || $1, 0));
