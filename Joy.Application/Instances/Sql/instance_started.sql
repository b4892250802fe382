-- $1 id, $2 name, $3 version, $4 input, $5 priority, $6 debug, $7 parameters, $8 at, $9 idempotency key
INSERT INTO __schema__.instances
    (id, name, state_machine_version, status, input, priority, debug, parameters, created_at, started_at, idempotency_key)
VALUES ($1, $2, $3, 'Running', $4, $5, $6, $7, $8, $8, $9)
