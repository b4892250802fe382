using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Joy.Application.Queries;

/// <summary>
/// The query side's own read models (async projection "instance-summaries", rebuildable): one row
/// per instance for the list and the statistics, one row per actor run for run times.
/// </summary>
internal static class SummaryTables
{
    public static IEnumerable<ISchemaObject> For(string schema)
    {
        var instances = new Table(new PostgresqlObjectName(schema, "instance_summaries", SchemaUtils.IdentifierUsage.General));
        instances.AddColumn("id", "text").AsPrimaryKey();
        instances.AddColumn("name", "text").NotNull();
        instances.AddColumn("sm_version", "int").NotNull();
        instances.AddColumn("status", "text").NotNull();
        instances.AddColumn("stage", "text"); // the last top-level state entered
        instances.AddColumn("priority", "int").NotNull();
        instances.AddColumn("error", "text");
        instances.AddColumn("created_at", "timestamptz").NotNull(); // InstanceStarted.At: the list's order
        instances.AddColumn("started_at", "timestamptz").NotNull(); // the last (re)start
        instances.AddColumn("finished_at", "timestamptz");
        instances.AddColumn("updated_at", "timestamptz").NotNull();
        instances.AddColumn("event_version", "bigint").NotNull();
        // Keyset paging newest first, unfiltered and per filter the original offered.
        instances.Indexes.Add(Index("instance_summaries_newest", "created_at DESC", "id DESC"));
        foreach (var filter in new[] { "name", "status", "stage" })
        {
            instances.Indexes.Add(Index($"instance_summaries_by_{filter}", filter, "created_at DESC", "id DESC"));
        }

        instances.Indexes.Add(new IndexDefinition("instance_summaries_by_finish")
        {
            Columns = ["finished_at"], Predicate = "finished_at IS NOT NULL",
        });
        yield return instances;

        var runs = new Table(new PostgresqlObjectName(schema, "actor_run_summaries", SchemaUtils.IdentifierUsage.General));
        runs.AddColumn("run_id", "text").AsPrimaryKey();
        runs.AddColumn("instance_id", "text").NotNull();
        runs.AddColumn("actor", "text").NotNull();
        runs.AddColumn("path", "text").NotNull();
        runs.AddColumn("attempt", "int").NotNull();
        runs.AddColumn("status", "text").NotNull();
        runs.AddColumn("node", "text");
        runs.AddColumn("requested_at", "timestamptz").NotNull();
        runs.AddColumn("started_at", "timestamptz");
        runs.AddColumn("finished_at", "timestamptz");
        runs.AddColumn("duration_ms", "bigint");
        runs.Indexes.Add(Index("actor_run_summaries_actor", "actor"));
        runs.Indexes.Add(Index("actor_run_summaries_node", "node", "started_at"));
        runs.Indexes.Add(Index("actor_run_summaries_finished", "finished_at")); // the dashboard's runs per minute
        yield return runs;
    }

    private static IndexDefinition Index(string name, params string[] columns) => new(name) { Columns = columns };
}
