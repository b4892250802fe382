-- The query side's own read models (async projection "instance-summaries", rebuildable):
-- one row per instance for the list and the statistics, one row per actor run for run times.

CREATE TABLE __schema__.instance_summaries (
    id            text        PRIMARY KEY,
    name          text        NOT NULL,
    sm_version    int         NOT NULL,
    status        text        NOT NULL,
    stage         text,                      -- the last top-level state entered
    priority      int         NOT NULL,
    error         text,
    created_at    timestamptz NOT NULL,      -- InstanceStarted.At: the list's order
    started_at    timestamptz NOT NULL,      -- the last (re)start
    finished_at   timestamptz,
    updated_at    timestamptz NOT NULL,
    event_version bigint      NOT NULL
);
-- Keyset paging newest first, unfiltered and per filter the original offered.
CREATE INDEX instance_summaries_newest ON __schema__.instance_summaries (created_at DESC, id DESC);
CREATE INDEX instance_summaries_by_name ON __schema__.instance_summaries (name, created_at DESC, id DESC);
CREATE INDEX instance_summaries_by_status ON __schema__.instance_summaries (status, created_at DESC, id DESC);
CREATE INDEX instance_summaries_by_stage ON __schema__.instance_summaries (stage, created_at DESC, id DESC);
CREATE INDEX instance_summaries_by_finish ON __schema__.instance_summaries (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE __schema__.actor_run_summaries (
    run_id        text        PRIMARY KEY,
    instance_id   text        NOT NULL,
    actor         text        NOT NULL,
    path          text        NOT NULL,
    attempt       int         NOT NULL,
    status        text        NOT NULL,
    node          text,
    requested_at  timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    duration_ms   bigint
);
CREATE INDEX actor_run_summaries_actor ON __schema__.actor_run_summaries (actor);
CREATE INDEX actor_run_summaries_node ON __schema__.actor_run_summaries (node, started_at);
