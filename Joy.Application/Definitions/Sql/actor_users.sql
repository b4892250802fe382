-- The current state machines whose Tasks name actor $1.
SELECT name FROM __schema__.state_machines WHERE NOT deleted AND actors @> ARRAY[$1::text] ORDER BY name;
