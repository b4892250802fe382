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
