-- Run before the dedicated connection goes back to the pool. $1 duty name.
SELECT pg_advisory_unlock(hashtextextended('__schema__.reactor:' || $1, 0));
