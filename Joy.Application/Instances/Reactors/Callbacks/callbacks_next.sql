SELECT min(next_attempt_at) FROM __schema__.callbacks WHERE status = 'pending';
