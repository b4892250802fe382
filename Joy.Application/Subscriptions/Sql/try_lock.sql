-- Session-level: held by the consumer's dedicated connection for as long as it lives, so the
-- duty moves to another process when this one dies. $1 subscription name.
SELECT pg_try_advisory_lock(hashtextextended('__schema__.subscription:' || $1, 0));
