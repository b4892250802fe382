-- One name ($1) as of version $2, unless that version is a deletion. Its created_at is the time
-- of the latest definition at or before it (a name deleted and defined again starts anew).
-- __kind__: actor or state_machine.
SELECT v.definition::text, v.version,
       (SELECT max(d.at) FROM __schema__.__kind___versions d
         WHERE d.name = v.name AND d.version <= v.version AND d.kind = 'defined'),
       v.at
  FROM __schema__.__kind___versions v
 WHERE v.name = $1 AND v.version = $2 AND v.kind <> 'deleted';
