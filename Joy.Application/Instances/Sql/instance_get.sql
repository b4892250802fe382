SELECT id, name, state_machine_version, status, current_states, input, output, error, cause, priority, parameters,
       created_at, started_at, finished_at, idempotency_key
  FROM __schema__.instances WHERE id = $1
