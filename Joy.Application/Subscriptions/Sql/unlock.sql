-- Run before the dedicated connection goes back to the pool, which would otherwise keep the
-- lock and the LISTEN alive on an idle connection. $1 subscription name.
SELECT pg_advisory_unlock(hashtextextended('__schema__.subscription:' || $1, 0));
