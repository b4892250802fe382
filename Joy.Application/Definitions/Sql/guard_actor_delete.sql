-- Deleting actor $1: lock its row first, so a state machine being defined on it concurrently
-- (which holds the row FOR SHARE) commits before this reads, then list the current state
-- machines that run it. In READ COMMITTED this second statement sees what committed meanwhile.
SELECT name FROM __schema__.actors WHERE name = $1 FOR UPDATE;
