using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Npgsql;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// Keeps <c>timers</c> in step with the instance streams, in the append's own transaction: a
/// WaitStarted or RetryScheduled adds a row (and NOTIFYs the timer service on commit), TimerFired
/// removes it, and an instance that ends or is re-run loses all of its rows. A timer that outlives
/// its state some other way (a sibling branch failed) fires harmlessly: the instance ignores it.
/// </summary>
public sealed class TimerProjection(EventStoreOptions options) : IInlineProjection
{
    private readonly string _upsertSql = SqlScripts.Get("Instances/Reactors/Timers/timers_upsert.sql", options.Schema);
    private readonly string _deleteSql = SqlScripts.Get("Instances/Reactors/Timers/timers_delete.sql", options.Schema);
    private readonly string _deleteInstanceSql = SqlScripts.Get("Instances/Reactors/Timers/timers_delete_instance.sql", options.Schema);
    private readonly string _channel = TimerService.ChannelFor(options);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var added = false;
        foreach (var stored in events)
        {
            if (!InstanceStreamIds.TryGetInstanceId(stored.StreamId, out var instanceId))
            {
                continue;
            }

            switch (stored.Data)
            {
                case WaitStarted wait:
                    batch.BatchCommands.Add(Command(_upsertSql, instanceId, wait.TimerId, wait.DueAt.ToUniversalTime(), "wait", wait.Path));
                    added = true;
                    break;
                case RetryScheduled retry:
                    batch.BatchCommands.Add(Command(_upsertSql, instanceId, retry.TimerId, retry.DueAt.ToUniversalTime(), "retry", retry.Path));
                    added = true;
                    break;
                case TimerFired fired:
                    batch.BatchCommands.Add(Command(_deleteSql, instanceId, fired.TimerId));
                    break;
                case InstanceSucceeded or InstanceFailed or InstanceCancelled or RerunRequested:
                    batch.BatchCommands.Add(Command(_deleteInstanceSql, instanceId));
                    break;
            }
        }

        if (added)
        {
            // Delivered on commit only, so the timer service never looks before the row is visible.
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"NOTIFY {_channel}"));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
