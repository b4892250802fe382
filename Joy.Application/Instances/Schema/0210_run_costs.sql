-- What each run cost, as joy-meter counted it (see Joy.Executor/Meter): null for runs recorded before it,
-- or run without a meter (wall_time_ms is then Docker's start-to-stop).
ALTER TABLE __schema__.instance_runs
    ADD COLUMN timeout_reason    text,
    ADD COLUMN cpu_time_ms       bigint,
    ADD COLUMN peak_memory_bytes bigint,
    ADD COLUMN wall_time_ms      bigint;
