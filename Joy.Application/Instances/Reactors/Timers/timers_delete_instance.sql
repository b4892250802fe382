-- $1 instance: it ended or is re-run, so none of its timers may fire any more.
DELETE FROM __schema__.timers WHERE instance_id = $1;
