-- $1 id, $2 name, $3 version, $4 priority, $5 at, $6 event version
INSERT INTO __schema__.instance_summaries
    (id, name, sm_version, status, priority, created_at, started_at, updated_at, event_version)
VALUES ($1, $2, $3, 'Running', $4, $5, $5, $5, $6)
ON CONFLICT (id) DO NOTHING
