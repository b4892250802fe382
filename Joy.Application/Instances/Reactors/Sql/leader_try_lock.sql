-- Session-level: held by the leader's dedicated connection for as long as it lives, so the duty
-- moves to another process when this one dies. $1 duty name.
SELECT pg_try_advisory_lock(hashtextextended('__schema__.reactor:' || $1, 0));
