using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Application.Instances.Reactors;
using Joy.Application.Projections;
using Joy.Domain.Asl;
using Joy.Domain.Instances;
using Npgsql;

namespace Joy.Application.Queries.Instances;

/// <summary>
/// The query side's read model of instances (<c>instance_summaries</c>) and actor runs
/// (<c>actor_run_summaries</c>), kept by Marten's async daemon so the list, the statistics and the
/// dashboard never touch the command path. Rebuildable from zero like every async projection.
/// </summary>
public sealed class InstanceSummaryProjection(EventStoreOptions options) : IAsyncProjection
{
    public const string ProjectionName = "instance-summaries";
    private readonly string _schema = options.Schema;

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables => [$"{_schema}.instance_summaries", $"{_schema}.actor_run_summaries"];

    public Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) =>
        ProjectionCommand.ExecuteAsync(connection, transaction,
            InstanceStreamIds.InstanceEvents(events).SelectMany(e => Commands(e.InstanceId, e.Stored.Version, e.Event)), cancellationToken);

    private IEnumerable<NpgsqlBatchCommand> Commands(string id, long version, InstanceEvent @event)
    {
        switch (@event)
        {
            case InstanceStarted s:
                yield return Sql("summary_started", id, s.StateMachineName, s.StateMachineVersion, s.Options.Priority, s.At, version);
                break;
            case StateEntered { Scope: "" } s:
                yield return Sql("summary_stage", id, s.StateName, s.At, version);
                break;
            case RerunRequested r:
                yield return Sql("summary_rerun", id, r.At, version);
                break;
            case InstanceSucceeded s:
                yield return Sql("summary_ended", id, "Succeeded", null, s.At, version);
                break;
            case InstanceFailed f:
                yield return Sql("summary_ended", id, "Failed", f.Error, f.At, version);
                break;
            case InstanceCancelled c:
                yield return Sql("summary_ended", id, "Cancelled", "Joy.Cancelled", c.At, version);
                break;
            default:
                yield return Sql("summary_touched", id, @event.At, version);
                break;
        }

        switch (@event)
        {
            case ActorRunRequested r:
                yield return Sql("run_summary_requested", r.RunId, id, r.Actor.Name, r.Path, r.Attempt, r.At);
                break;
            case ActorRunStarted s:
                yield return Sql("run_summary_started", s.RunId, s.Node, s.At);
                break;
            case ActorRunSucceeded s:
                yield return RunEnded(s.RunId, "Succeeded", s.Result, s.At);
                break;
            case ActorRunFailed f:
                yield return RunEnded(f.RunId, "Failed", f.Result, f.At);
                break;
            case ActorRunCancelled c:
                yield return RunEnded(c.RunId, "Cancelled", null, c.At);
                break;
        }
    }

    private NpgsqlBatchCommand RunEnded(string runId, string status, JsonNode? result, DateTimeOffset at)
    {
        var duration = JsonValues.TryNumber(result?["durationMs"], out var ms) ? (long?)ms : null;
        var node = result?["node"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null;
        return Sql("run_summary_ended", runId, status, duration, node, at);
    }

    private NpgsqlBatchCommand Sql(string name, params object?[] values) =>
        ProjectionCommand.Create(SqlScripts.Get($"Queries/Sql/{name}.sql", _schema), values);
}
