-- The actors of $1 that exist now, locked FOR SHARE until the state machine's append commits,
-- so a concurrent deletion waits and then sees the state machine (guard_actor_delete.sql).
SELECT name FROM __schema__.actors WHERE name = ANY($1) AND NOT deleted FOR SHARE;
