using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain;
using Joy.Domain.Instances;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Instances;

/// <summary>
/// Inline projection of instance streams into <c>instances</c>, <c>instance_runs</c> and the dispatcher's
/// <c>run_queue</c>: they commit with the events, so a run is queued exactly when it is requested and
/// leaves the queue exactly when its result (or cancel) is recorded. One batch, one round trip per append.
/// </summary>
public sealed partial class InstanceProjection(EventStoreOptions options) : IInlineProjection
{
    private readonly string _schema = options.Schema;

    /// <summary>Dispatchers LISTEN here: "queued", "freed" and "cancel:&lt;run id&gt;".</summary>
    public string Channel => RunChannel(options);

    public static string RunChannel(EventStoreOptions options) => $"{options.Schema}_runs";

    public async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var stored in events)
        {
            if (stored.Data is InstanceEvent e && Command(stored.StreamId, e) is { } command)
            {
                batch.BatchCommands.Add(command);
            }
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private NpgsqlBatchCommand? Command(string streamId, InstanceEvent @event)
    {
        var id = streamId.StartsWith("instance-", StringComparison.Ordinal) ? streamId["instance-".Length..] : streamId;
        return @event switch
        {
            InstanceStarted s => Sql("instance_started", id, s.StateMachineName, s.StateMachineVersion, Json(s.Input),
                s.Options.Priority, s.Options.Debug, Json(s.Options.Parameters), s.At, (object?)s.Options.IdempotencyKey),
            StateEntered s => Sql("instance_state_entered", id, s.Path),
            StateExited s => Sql("instance_state_left", id, s.Path),
            StateFailed s => Sql("instance_state_left", id, s.Path),
            RerunRequested r => Sql("instance_rerun", id, Json(r.Parameters)),
            InstanceSucceeded s => Sql("instance_ended", id, "Succeeded", Json(s.Output), null, null, s.At),
            InstanceFailed f => Sql("instance_ended", id, "Failed", Json(null), f.Error, f.Cause, f.At),
            InstanceCancelled c => Sql("instance_ended", id, "Cancelled", Json(null), "Joy.Cancelled", c.Reason, c.At),
            ActorRunRequested r => Sql("run_requested", r.RunId, id, r.Path, r.Attempt, r.Actor.Name, Json(RunFiles.Inputs(r)),
                r.At, r.Priority, Json(DomainJson.ToNode(r)), Channel),
            ActorRunStarted s => Sql("run_started", s.RunId, s.Node, s.ContainerId, s.At),
            ActorRunSucceeded s => Ended(s.RunId, "Succeeded", s.Result, null, null, s.At),
            ActorRunFailed f => Ended(f.RunId, "Failed", f.Result, f.Error, f.Cause, f.At),
            ActorRunCancelled c => Ended(c.RunId, "Cancelled", null, "Joy.Cancelled", c.Reason, c.At),
            _ => null,
        };
    }

    private NpgsqlBatchCommand Ended(string runId, string status, JsonNode? result, string? error, string? cause, DateTimeOffset at)
    {
        var r = result as JsonObject;
        return Sql("run_ended", runId, status,
            (object?)Number(r?["exitCode"]), (object?)Bool(r?["oomKilled"]), (object?)Bool(r?["timedOut"]), (object?)Number(r?["durationMs"]),
            Json(RunFiles.Outputs(r)), (object?)RunFiles.BlobOf(r?["log"]), error, cause, at, Channel,
            status == "Cancelled" ? $"cancel:{runId}" : "freed",
            (object?)(r?["node"] as JsonValue)?.ToString(), null);
    }

    private NpgsqlBatchCommand Sql(string name, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(SqlScripts.Get($"Instances/Sql/{name}.sql", _schema));
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                JsonParameter json => new NpgsqlParameter { Value = (object?)json.Text ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
                null => new NpgsqlParameter { Value = DBNull.Value },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }

    private static JsonParameter Json(JsonNode? node) => new(node?.ToJsonString());

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var n) ? n
        : node is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x : null;

    private static bool? Bool(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    private sealed record JsonParameter(string? Text);
}
