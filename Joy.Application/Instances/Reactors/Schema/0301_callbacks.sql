-- The callback outbox: one row per instance end (keyed by the end event's id, so a redelivered
-- event never queues a second callback). The callback service delivers pending rows when due.
-- status: pending | delivered | failed (gave up or refused) | abandoned (the instance was re-run).
CREATE TABLE __schema__.callbacks (
    callback_id     uuid        PRIMARY KEY,
    instance_id     text        NOT NULL,
    url             text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz
);

CREATE INDEX callbacks_due ON __schema__.callbacks (next_attempt_at) WHERE status = 'pending';
