SELECT min(due_at) FROM __schema__.timers;
