using System.Diagnostics;
using Joy.Application.EventStore;
using Joy.Application.Instances.Reactors;
using Joy.Application.Projections;
using Joy.Domain;
using Joy.Domain.Instances;
using Npgsql;
using static Joy.Application.Projections.ProjectionCommand;

namespace Joy.Application.Instances;

/// <summary>
/// The dispatcher's queue (<c>run_queue</c>), kept inline so a run is queued exactly when it is
/// requested and leaves the queue (freeing its node slot) exactly when its result or cancel is
/// recorded. Work state with claims and leases, not a read model: never rebuilt. Each request is
/// self-contained (priority and debug ride on the event), so the queue reads no other table.
/// </summary>
public sealed class RunQueueProjection(EventStoreOptions options) : IInlineProjection
{
    private readonly string _schema = options.Schema;

    /// <summary>Dispatchers LISTEN here: "queued", "freed" and "cancel:&lt;run id&gt;".</summary>
    public string Channel => RunChannel(options);

    public static string RunChannel(EventStoreOptions options) => $"{options.Schema}_runs";

    public Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            InstanceStreamIds.InstanceEvents(events).Select(e => Command(e.InstanceId, e.Event)).OfType<NpgsqlBatchCommand>(), cancellationToken);

    private NpgsqlBatchCommand? Command(string instanceId, InstanceEvent @event) => @event switch
    {
        // Appended under the requester's span (the HTTP request, a handler, the previous run): the run's parent.
        ActorRunRequested r => Sql("queue_run", r.RunId, instanceId, r.Priority, r.Debug, Json(DomainJson.ToNode(r)), Channel,
            Activity.Current?.Id),
        ActorRunSucceeded s => Sql("dequeue_run", s.RunId, Channel, "freed"),
        ActorRunFailed f => Sql("dequeue_run", f.RunId, Channel, "freed"),
        ActorRunCancelled c => Sql("dequeue_run", c.RunId, Channel, $"cancel:{c.RunId}"),
        _ => null,
    };

    private NpgsqlBatchCommand Sql(string name, params object?[] values) =>
        Create(SqlScripts.Get($"Instances/Sql/{name}.sql", _schema), values);
}
