-- $1 instance, $2 timer: fired (or found stale).
DELETE FROM __schema__.timers WHERE instance_id = $1 AND timer_id = $2;
