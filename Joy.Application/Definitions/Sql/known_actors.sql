-- The actor names a state machine's Tasks may use: every actor not deleted.
SELECT name FROM __schema__.actors WHERE NOT deleted;
