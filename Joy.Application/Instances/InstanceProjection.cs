using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Application.Instances.Reactors;
using Joy.Application.Projections;
using Joy.Domain.Asl;
using Joy.Domain.Instances;
using Npgsql;
using static Joy.Application.Projections.ProjectionCommand;

namespace Joy.Application.Instances;

/// <summary>
/// Inline read model of instances (<c>instances</c>) and their actor runs (<c>instance_runs</c>), behind
/// <c>GET /api/v1/StateMachineInstance/{id}</c>: it commits with the events, so a command's result is
/// readable at once. A pure function of the log, so it can be rebuilt from zero
/// (<see cref="ProjectionRebuilder.RebuildInlineAsync"/>). The dispatcher's queue is not part of it
/// (<see cref="RunQueueProjection"/>): that is work state, and a rebuild must never touch it.
/// </summary>
public sealed class InstanceProjection(EventStoreOptions options) : IAsyncProjection
{
    public const string ProjectionName = "instances";
    private readonly string _schema = options.Schema;

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables => [$"{_schema}.instances", $"{_schema}.instance_runs"];

    public Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            InstanceStreamIds.InstanceEvents(events).Select(e => Command(e.InstanceId, e.Event)).OfType<NpgsqlBatchCommand>(), cancellationToken);

    private NpgsqlBatchCommand? Command(string id, InstanceEvent @event) => @event switch
    {
        InstanceStarted s => Sql("instance_started", id, s.StateMachineName, s.StateMachineVersion, Json(s.Input),
            s.Options.Priority, s.Options.Debug, Json(s.Options.Parameters), s.At, s.Options.IdempotencyKey),
        StateEntered s => Sql("instance_state_entered", id, s.Path),
        StateExited s => Sql("instance_state_left", id, s.Path),
        StateFailed s => Sql("instance_state_left", id, s.Path),
        RerunRequested r => Sql("instance_rerun", id, Json(r.Parameters)),
        InstanceSucceeded s => Sql("instance_ended", id, "Succeeded", Json(s.Output), null, null, s.At),
        InstanceFailed f => Sql("instance_ended", id, "Failed", Json(null), f.Error, f.Cause, f.At),
        InstanceCancelled c => Sql("instance_ended", id, "Cancelled", Json(null), "Joy.Cancelled", c.Reason, c.At),
        ActorRunRequested r => Sql("run_requested", r.RunId, id, r.Path, r.Attempt, r.Actor.Name, Json(RunFiles.Inputs(r)), r.At),
        ActorRunStarted s => Sql("run_started", s.RunId, s.Node, s.ContainerId, s.At),
        ActorRunSucceeded s => RunEnded(s.RunId, "Succeeded", s.Result, null, null, s.At),
        ActorRunFailed f => RunEnded(f.RunId, "Failed", f.Result, f.Error, f.Cause, f.At),
        ActorRunCancelled c => RunEnded(c.RunId, "Cancelled", null, "Joy.Cancelled", c.Reason, c.At),
        _ => null,
    };

    private NpgsqlBatchCommand RunEnded(string runId, string status, JsonNode? result, string? error, string? cause, DateTimeOffset at)
    {
        var r = result as JsonObject;
        return Sql("run_ended", runId, status,
            Number(r?["exitCode"]), Bool(r?["oomKilled"]), Bool(r?["timedOut"]), Number(r?["durationMs"]),
            Json(RunFiles.Outputs(r)), RunFiles.BlobOf(r?["log"]), error, cause, at,
            (r?["node"] as JsonValue)?.ToString(), null,
            (r?["timeoutReason"] as JsonValue)?.ToString(), Number(r?["cpuTimeMs"]), Number(r?["peakMemoryBytes"]), Number(r?["wallTimeMs"]));
    }

    private NpgsqlBatchCommand Sql(string name, params object?[] values) =>
        Create(SqlScripts.Get($"Instances/Sql/{name}.sql", _schema), values);

    // By JSON kind, not CLR type: a live event's node may hold an int where a replayed one holds a
    // JsonElement, and TryGetValue<long> only accepts the former when it is a long.
    private static long? Number(JsonNode? node) => JsonValues.TryNumber(node, out var n) ? (long)n : null;

    private static bool? Bool(JsonNode? node) => JsonValues.TryBoolean(node, out var b) ? b : null;
}
