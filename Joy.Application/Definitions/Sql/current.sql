-- The current definition of one name ($1), unless deleted. __kind__: actor or state_machine.
SELECT definition::text, version, created_at, updated_at
  FROM __schema__.__kind__s
 WHERE name = $1 AND NOT deleted;
