SELECT s.id, s.type, s.version, s.created, s.updated, s.archived
  FROM __schema__.streams s
 WHERE s.id = $1;
