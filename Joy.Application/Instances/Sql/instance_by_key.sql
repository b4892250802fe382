SELECT id FROM __schema__.instances WHERE idempotency_key = $1
