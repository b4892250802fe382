-- Durable timers (Wait states and retry back-offs): the inline projection of RetryScheduled and
-- WaitStarted, removed by TimerFired and by the instance ending or being re-run. The timer
-- service fires what is due. attempts counts failed firings (the instance could not be reached).
CREATE TABLE __schema__.timers (
    instance_id text        NOT NULL,
    timer_id    text        NOT NULL,
    due_at      timestamptz NOT NULL,
    kind        text        NOT NULL,
    path        text        NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (instance_id, timer_id)
);

CREATE INDEX timers_due_at ON __schema__.timers (due_at);
