using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// Sends the callbacks <see cref="CallbackOutbox"/> queued, when due, in one process at a time
/// (see <see cref="LeaderLoop"/>). Each attempt is recorded on the instance
/// (<see cref="RecordCallbackAttempt"/>: CallbackDelivered, or CallbackFailed with the next
/// attempt's time) before the outbox row moves on, so a crash in between sends again rather than
/// never: at least once. Retries back off exponentially up to <see cref="CallbackOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class CallbackService(
    IServiceProvider services,
    CallbackSender sender,
    NpgsqlDataSource dataSource,
    EventStoreOptions storeOptions,
    CallbackOptions options,
    TimeProvider time,
    ILogger<CallbackService> logger) : LeaderLoop(dataSource, storeOptions, options, time, logger)
{
    private const int BatchSize = 100;
    private string DueSql => SqlScripts.Get("Instances/Reactors/Callbacks/callbacks_due.sql", Schema);
    private string NextSql => SqlScripts.Get("Instances/Reactors/Callbacks/callbacks_next.sql", Schema);
    private string UpdateSql => SqlScripts.Get("Instances/Reactors/Callbacks/callbacks_update.sql", Schema);

    private IInstanceCommandHandler Handler => services.GetRequiredService<IInstanceCommandHandler>();

    private const string DutyName = "callbacks";

    protected override string Name => DutyName;

    public static string ChannelFor(EventStoreOptions options) => ChannelOf(options, DutyName);

    protected override Task<DateTimeOffset?> RunDueAsync(CancellationToken cancellationToken) =>
        DrainAsync(DueAsync, BatchSize, options.Concurrency, AttemptAsync, NextSql, cancellationToken);

    private async Task AttemptAsync(PendingCallback callback, CancellationToken cancellationToken)
    {
        var attempt = callback.Attempts + 1;
        var outcome = await sender.SendAsync(callback.Url, callback.Payload, cancellationToken);
        var giveUp = !outcome.Delivered && (outcome.Final || attempt >= options.MaxAttempts);
        DateTimeOffset? nextAttemptAt = outcome.Delivered || giveUp ? null : Time.GetUtcNow() + options.DelayAfter(attempt);
        var status = outcome.Delivered ? "delivered" : giveUp ? "failed" : "pending";
        // The attempt was made: its bookkeeping (event, then outbox row) must not be cut short by a
        // shutdown, or the next process would send a delivered callback again. Two quick statements.
        var bookkeeping = CancellationToken.None;
        try
        {
            await Handler.HandleAsync(callback.InstanceId,
                new RecordCallbackAttempt(attempt, outcome.Status, outcome.Error, nextAttemptAt), cancellationToken: bookkeeping);
        }
        catch (InstanceCommandRejectedException e)
        {
            // The instance was re-run after this end; its next end brings a callback of its own.
            LogAbandoned(e, callback.InstanceId);
            status = "abandoned";
            nextAttemptAt = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The attempt happened; count it so a broken instance cannot make this retry forever.
            LogNotRecorded(e, callback.InstanceId, attempt);
        }

        if (!outcome.Delivered)
        {
            LogAttemptFailed(callback.InstanceId, attempt, outcome.Error ?? "", status);
        }

        await using var update = DataSource.CreateCommand(UpdateSql);
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = callback.Id });
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempt });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = nextAttemptAt?.ToUniversalTime() });
        update.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = outcome.Error });
        update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Time.GetUtcNow().ToUniversalTime() });
        await update.ExecuteNonQueryAsync(bookkeeping);
    }

    private async Task<IReadOnlyList<PendingCallback>> DueAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(DueSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Time.GetUtcNow().ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchSize });
        var due = new List<PendingCallback>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new PendingCallback(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return due;
    }

    private sealed record PendingCallback(Guid Id, string InstanceId, string Url, string Payload, int Attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback of instance {InstanceId}, attempt {Attempt}: {Error} ({Status})")]
    private partial void LogAttemptFailed(string instanceId, int attempt, string error, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback attempt {Attempt} of instance {InstanceId} could not be recorded")]
    private partial void LogNotRecorded(Exception exception, string instanceId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback of instance {InstanceId} abandoned: the instance runs again")]
    private partial void LogAbandoned(Exception exception, string instanceId);
}
