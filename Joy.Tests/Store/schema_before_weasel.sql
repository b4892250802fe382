-- The schema as Joy's hand-written migrator left it before Joy's tables moved to Weasel (migrations
-- 0100-0400, before 0210 added the run costs): what creating_the_schema upgrades. A test artefact.

-- Read models of DefinitionProjection. The current definition per name, and every version of it,
-- so an instance can read the version it pinned without folding the stream.

CREATE TABLE __schema__.actors (
    name        text        PRIMARY KEY,
    version     bigint      NOT NULL,
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false
);

CREATE TABLE __schema__.actor_versions (
    name        text        NOT NULL,
    version     bigint      NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('defined', 'changed', 'deleted')),
    definition  jsonb,      -- null for a deletion
    at          timestamptz NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE __schema__.state_machines (
    name        text        PRIMARY KEY,
    version     bigint      NOT NULL,
    definition  jsonb       NOT NULL,
    actors      text[]      NOT NULL DEFAULT '{}', -- the actors its Tasks name, to refuse deleting one in use
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted     boolean     NOT NULL DEFAULT false
);

CREATE INDEX state_machines_actors ON __schema__.state_machines USING gin (actors);

CREATE TABLE __schema__.state_machine_versions (
    name        text        NOT NULL,
    version     bigint      NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('defined', 'changed', 'deleted')),
    definition  jsonb,
    at          timestamptz NOT NULL,
    PRIMARY KEY (name, version)
);

-- Read models of instances (inline projections, see InstanceProjection) and the dispatcher's tables.

CREATE TABLE __schema__.instances (
    id                    text        PRIMARY KEY,
    name                  text        NOT NULL,
    state_machine_version int         NOT NULL,
    status                text        NOT NULL,
    current_states        text[]      NOT NULL DEFAULT '{}',
    input                 jsonb,
    output                jsonb,
    error                 text,
    cause                 text,
    priority              int         NOT NULL DEFAULT 0,
    debug                 boolean     NOT NULL DEFAULT false,
    parameters            jsonb,
    created_at            timestamptz NOT NULL,
    started_at            timestamptz,
    finished_at           timestamptz,
    -- Unique: a concurrent start with the same key fails in the append's transaction.
    idempotency_key       text        UNIQUE
);

CREATE TABLE __schema__.instance_runs (
    run_id       text        PRIMARY KEY,
    instance_id  text        NOT NULL,
    seq          bigserial,
    path         text        NOT NULL,
    attempt      int         NOT NULL,
    actor        text        NOT NULL,
    status       text        NOT NULL,
    node         text,
    container_id text,
    inputs       jsonb       NOT NULL DEFAULT '[]',
    outputs      jsonb       NOT NULL DEFAULT '[]',
    exit_code    bigint,
    oom_killed   boolean,
    timed_out    boolean,
    duration_ms  bigint,
    error        text,
    cause        text,
    log_blob     text,
    requested_at timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz
);
CREATE INDEX instance_runs_instance ON __schema__.instance_runs (instance_id, seq);

-- Requested runs not finished yet. owner/lease: the process running it, renewing while the container runs.
CREATE TABLE __schema__.run_queue (
    run_id           text        PRIMARY KEY,
    instance_id      text        NOT NULL,
    seq              bigserial,
    priority         int         NOT NULL,
    debug            boolean     NOT NULL DEFAULT false,
    request          jsonb       NOT NULL,
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    owner            text,
    node             text,
    slot             int,
    claimed_at       timestamptz,
    lease_expires_at timestamptz
);
CREATE INDEX run_queue_waiting ON __schema__.run_queue (priority DESC, seq) WHERE owner IS NULL;

-- One row per node slot (MaxRunningJobs of each node), so capacity holds across processes.
CREATE TABLE __schema__.node_slots (
    node   text NOT NULL,
    slot   int  NOT NULL,
    run_id text,
    PRIMARY KEY (node, slot)
);

-- Takes over a run whose lease expired (its owner died) or claims the oldest most urgent waiting run
-- together with a free slot on the least-loaded of p_nodes, all under SKIP LOCKED so concurrent
-- dispatchers never claim the same run or slot. Returns no row when there is nothing to do.
CREATE FUNCTION __schema__.claim_run(p_owner text, p_nodes text[], p_lease_seconds double precision)
RETURNS TABLE (run_id text, instance_id text, node text, request jsonb, debug boolean, takeover boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_run  __schema__.run_queue;
    v_node text;
    v_slot int;
BEGIN
    SELECT q.* INTO v_run FROM __schema__.run_queue q
     WHERE q.owner IS NOT NULL AND q.lease_expires_at < now()
     ORDER BY q.lease_expires_at
     LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
        UPDATE __schema__.run_queue q
           SET owner = p_owner, lease_expires_at = now() + make_interval(secs => p_lease_seconds)
         WHERE q.run_id = v_run.run_id;
        RETURN QUERY SELECT v_run.run_id, v_run.instance_id, v_run.node, v_run.request, v_run.debug, true;
        RETURN;
    END IF;

    SELECT s.node, s.slot INTO v_node, v_slot FROM __schema__.node_slots s
     WHERE s.run_id IS NULL AND s.node = ANY (p_nodes)
     ORDER BY (SELECT count(*) FROM __schema__.node_slots b WHERE b.node = s.node AND b.run_id IS NOT NULL)::float8
              / (SELECT count(*) FROM __schema__.node_slots c WHERE c.node = s.node),
              s.node, s.slot
     LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    SELECT q.* INTO v_run FROM __schema__.run_queue q
     WHERE q.owner IS NULL
     ORDER BY q.priority DESC, q.seq
     LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN;
    END IF;

    UPDATE __schema__.node_slots s SET run_id = v_run.run_id WHERE s.node = v_node AND s.slot = v_slot;
    UPDATE __schema__.run_queue q
       SET owner = p_owner, node = v_node, slot = v_slot, claimed_at = now(),
           lease_expires_at = now() + make_interval(secs => p_lease_seconds)
     WHERE q.run_id = v_run.run_id;
    RETURN QUERY SELECT v_run.run_id, v_run.instance_id, v_node, v_run.request, v_run.debug, false;
END $$;

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

-- Content-addressed blobs. The content hash (the blob id) is only known once the last byte has
-- arrived, so chunks are staged under an upload id in short committed batches: an upload never
-- holds a transaction open, because the event store's gap-safe read horizon is cluster-wide.
-- A staged upload is invisible to readers (they reach chunks only through a blobs row); publishing
-- marks the upload and inserts the blobs row in one short transaction, moving no chunk bytes.
CREATE TABLE __schema__.blob_uploads (
  upload_id    uuid        PRIMARY KEY,
  started_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

-- What the collector of abandoned uploads scans.
CREATE INDEX blob_uploads_staged ON __schema__.blob_uploads (started_at) WHERE published_at IS NULL;

CREATE TABLE __schema__.blobs (
  id          text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  upload_id   uuid        NOT NULL UNIQUE REFERENCES __schema__.blob_uploads (upload_id),
  size        bigint      NOT NULL CHECK (size >= 0),
  chunk_size  integer     NOT NULL CHECK (chunk_size > 0),
  chunk_count integer     NOT NULL CHECK (chunk_count >= 0),
  remark      text,
  time_stamp  bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Deleting a staged upload deletes its chunks; a batch arriving after its upload was collected
-- fails on the foreign key instead of leaving orphans.
CREATE TABLE __schema__.blob_chunks (
  upload_id uuid    NOT NULL REFERENCES __schema__.blob_uploads (upload_id) ON DELETE CASCADE,
  index     integer NOT NULL,
  data      bytea   NOT NULL,
  PRIMARY KEY (upload_id, index)
);

-- Blob bytes are mostly incompressible (binaries, archives, gzip); EXTERNAL skips pglz's
-- compression attempt on every chunk and lets substring() fetch slices without detoasting.
ALTER TABLE __schema__.blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

