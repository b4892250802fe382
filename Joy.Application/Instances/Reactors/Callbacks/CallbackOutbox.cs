using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Application.Subscriptions;
using Joy.Domain.Instances;
using Npgsql;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// Queues a callback for every instance end (succeeded, failed, cancelled) whose instance has a
/// callback host; the <see cref="CallbackService"/> sends it. Queuing is keyed by the end event's
/// id, so the at-least-once redelivery of a batch never queues a callback twice.
/// </summary>
public sealed class CallbackOutbox(IEventStore store, NpgsqlDataSource dataSource, EventStoreOptions options, TimeProvider time) : ISubscriptionHandler
{
    private readonly string _insertSql = SqlScripts.Get("Instances/Reactors/Callbacks/callbacks_insert.sql", options.Schema);
    private readonly string _channel = CallbackService.ChannelFor(options);

    public string Name => "instance-callbacks";

    public async Task HandleAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var ended in events.Where(e => e.Data is InstanceSucceeded or InstanceFailed or InstanceCancelled))
        {
            if (!InstanceStreamIds.TryGetInstanceId(ended.StreamId, out var instanceId))
            {
                continue;
            }

            var (name, host) = await StartOfAsync(ended, cancellationToken);
            if (string.IsNullOrWhiteSpace(host))
            {
                continue; // the client asked for no callback
            }

            var command = new NpgsqlBatchCommand(_insertSql);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ended.Id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = host });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CallbackPayload.For(instanceId, name, ended.Data).ToJsonString() });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow().ToUniversalTime() });
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"NOTIFY {_channel}"));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The state machine's name and the callback host as of the end: the host the instance started
    /// with, or the <c>Host</c> of the parameters a re-run replaced them with.
    /// </summary>
    private async Task<(string Name, string? Host)> StartOfAsync(StoredEvent ended, CancellationToken cancellationToken)
    {
        string name = "";
        string? host = null;
        foreach (var stored in await store.ReadStreamAsync(ended.StreamId, 1, ended.Version, includeArchived: true, cancellationToken))
        {
            switch (stored.Data)
            {
                case InstanceStarted started:
                    name = started.StateMachineName;
                    host = HostIn(started.Options.Parameters) ?? started.Options.CallbackHost;
                    break;
                case RerunRequested { Parameters: { } parameters }:
                    host = HostIn(parameters) ?? host;
                    break;
            }
        }

        return (name, host);
    }

    private static string? HostIn(JsonObject? parameters) =>
        parameters?["Host"] is JsonValue value && value.TryGetValue<string>(out var host) ? host : null;
}
