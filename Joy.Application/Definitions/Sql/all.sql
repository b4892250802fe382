-- Every current definition, by name. __kind__: actor or state_machine.
SELECT definition::text, version, created_at, updated_at
  FROM __schema__.__kind__s
 WHERE NOT deleted
 ORDER BY name;
