-- $1 instance, $2 timer, $3 new due time: firing failed; try again later.
UPDATE __schema__.timers SET due_at = $3, attempts = attempts + 1 WHERE instance_id = $1 AND timer_id = $2;
