using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace Joy.Application.Instances;

/// <summary>
/// Read models of instances (inline projections, see <see cref="InstanceProjection"/>) and the
/// dispatcher's tables: the run queue, one row per node slot, and the function that claims a run.
/// </summary>
internal static class InstanceTables
{
    public static IEnumerable<ISchemaObject> For(string schema)
    {
        var instances = new Table(new PostgresqlObjectName(schema, "instances", SchemaUtils.IdentifierUsage.General));
        instances.AddColumn("id", "text").AsPrimaryKey();
        instances.AddColumn("name", "text").NotNull();
        instances.AddColumn("state_machine_version", "int").NotNull();
        instances.AddColumn("status", "text").NotNull();
        instances.AddColumn("current_states", "text[]").NotNull().DefaultValueByExpression("'{}'::text[]");
        instances.AddColumn("input", "jsonb");
        instances.AddColumn("output", "jsonb");
        instances.AddColumn("error", "text");
        instances.AddColumn("cause", "text");
        instances.AddColumn("priority", "int").NotNull().DefaultValue(0);
        instances.AddColumn("debug", "boolean").NotNull().DefaultValueByExpression("false");
        instances.AddColumn("parameters", "jsonb");
        instances.AddColumn("created_at", "timestamptz").NotNull();
        instances.AddColumn("started_at", "timestamptz");
        instances.AddColumn("finished_at", "timestamptz");
        // Unique: a concurrent start with the same key fails in the append's transaction.
        instances.AddColumn("idempotency_key", "text")
            .AddIndex(index => { index.Name = "instances_idempotency_key_key"; index.IsUnique = true; });
        yield return instances;

        var runs = new Table(new PostgresqlObjectName(schema, "instance_runs", SchemaUtils.IdentifierUsage.General));
        runs.AddColumn("run_id", "text").AsPrimaryKey();
        runs.AddColumn("instance_id", "text").NotNull();
        runs.AddColumn("seq", "bigint").BigAutoIncrement().NotNull();
        runs.AddColumn("path", "text").NotNull();
        runs.AddColumn("attempt", "int").NotNull();
        runs.AddColumn("actor", "text").NotNull();
        runs.AddColumn("status", "text").NotNull();
        runs.AddColumn("node", "text");
        runs.AddColumn("container_id", "text");
        runs.AddColumn("inputs", "jsonb").NotNull().DefaultValueByExpression("'[]'::jsonb");
        runs.AddColumn("outputs", "jsonb").NotNull().DefaultValueByExpression("'[]'::jsonb");
        runs.AddColumn("exit_code", "bigint");
        runs.AddColumn("oom_killed", "boolean");
        runs.AddColumn("timed_out", "boolean");
        runs.AddColumn("duration_ms", "bigint");
        runs.AddColumn("error", "text");
        runs.AddColumn("cause", "text");
        runs.AddColumn("log_blob", "text");
        runs.AddColumn("requested_at", "timestamptz").NotNull();
        runs.AddColumn("started_at", "timestamptz");
        runs.AddColumn("finished_at", "timestamptz");
        // What each run cost, as joy-meter counted it (see Joy.Executor/Meter): null for a run without a
        // meter (wall_time_ms is then Docker's start-to-stop).
        runs.AddColumn("timeout_reason", "text");
        runs.AddColumn("cpu_time_ms", "bigint");
        runs.AddColumn("peak_memory_bytes", "bigint");
        runs.AddColumn("wall_time_ms", "bigint");
        runs.Indexes.Add(new IndexDefinition("instance_runs_instance") { Columns = ["instance_id", "seq"] });
        yield return runs;

        // Requested runs not finished yet. owner/lease: the process running it, renewing while the container runs.
        var queue = new Table(new PostgresqlObjectName(schema, "run_queue", SchemaUtils.IdentifierUsage.General));
        queue.AddColumn("run_id", "text").AsPrimaryKey();
        queue.AddColumn("instance_id", "text").NotNull();
        queue.AddColumn("seq", "bigint").BigAutoIncrement().NotNull();
        queue.AddColumn("priority", "int").NotNull();
        queue.AddColumn("debug", "boolean").NotNull().DefaultValueByExpression("false");
        queue.AddColumn("request", "jsonb").NotNull();
        queue.AddColumn("enqueued_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        queue.AddColumn("owner", "text");
        queue.AddColumn("node", "text");
        queue.AddColumn("slot", "int");
        queue.AddColumn("claimed_at", "timestamptz");
        queue.AddColumn("lease_expires_at", "timestamptz");
        // The W3C traceparent of whatever requested the run, so the run's span joins the instance's trace.
        queue.AddColumn("trace_parent", "text");
        queue.Indexes.Add(new IndexDefinition("run_queue_waiting") { Columns = ["priority DESC", "seq"], Predicate = "owner IS NULL" });
        yield return queue;

        // One row per node slot (MaxRunningJobs of each node), so capacity holds across processes.
        var slots = new Table(new PostgresqlObjectName(schema, "node_slots", SchemaUtils.IdentifierUsage.General));
        slots.AddColumn("node", "text").AsPrimaryKey();
        slots.AddColumn("slot", "int").AsPrimaryKey();
        slots.AddColumn("run_id", "text");
        yield return slots;

        yield return new Function(new PostgresqlObjectName(schema, "claim_run", SchemaUtils.IdentifierUsage.Function), ClaimRun.Replace("__schema__", schema, StringComparison.Ordinal));
    }

    /// <summary>
    /// Takes over a run whose lease expired (its owner died) or claims the oldest most urgent waiting
    /// run together with a free slot on the least-loaded of p_nodes, all under SKIP LOCKED so concurrent
    /// dispatchers never claim the same run or slot. Returns no row when there is nothing to do.
    /// Written as <c>pg_get_functiondef</c> prints it, which is what Weasel compares it with.
    /// </summary>
    private const string ClaimRun = """
        CREATE OR REPLACE FUNCTION __schema__.claim_run(p_owner text, p_nodes text[], p_lease_seconds double precision)
         RETURNS TABLE(run_id text, instance_id text, node text, request jsonb, debug boolean, takeover boolean, trace_parent text, waited_seconds double precision)
         LANGUAGE plpgsql
        AS $function$
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
                RETURN QUERY SELECT v_run.run_id, v_run.instance_id, v_run.node, v_run.request, v_run.debug, true, v_run.trace_parent, NULL::double precision;
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
            RETURN QUERY SELECT v_run.run_id, v_run.instance_id, v_node, v_run.request, v_run.debug, false, v_run.trace_parent,
                   extract(epoch FROM now() - v_run.enqueued_at)::double precision;
        END $function$;
        """;
}
