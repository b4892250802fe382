using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// Fires due timers (Wait states, retry back-offs) through <see cref="IInstanceCommandHandler"/>
/// as <see cref="FireTimer"/>. Runs in every process, fires in one (see <see cref="LeaderLoop"/>).
/// Timers are rows, so a restart loses none; one that fell due while no process ran fires at startup.
/// </summary>
public sealed partial class TimerService(
    IServiceProvider services,
    NpgsqlDataSource dataSource,
    EventStoreOptions storeOptions,
    TimerOptions options,
    TimeProvider time,
    ILogger<TimerService> logger) : LeaderLoop(dataSource, storeOptions, options, time, logger)
{
    private string DueSql => SqlScripts.Get("Instances/Reactors/Timers/timers_due.sql", Schema);
    private string NextSql => SqlScripts.Get("Instances/Reactors/Timers/timers_next.sql", Schema);
    private string DeleteSql => SqlScripts.Get("Instances/Reactors/Timers/timers_delete.sql", Schema);
    private string PostponeSql => SqlScripts.Get("Instances/Reactors/Timers/timers_postpone.sql", Schema);

    // Resolved lazily: the handler's own dependencies may be registered after this service.
    private IInstanceCommandHandler Handler => services.GetRequiredService<IInstanceCommandHandler>();

    private const string DutyName = "timers";

    protected override string Name => DutyName;

    public static string ChannelFor(EventStoreOptions options) => ChannelOf(options, DutyName);

    protected override Task<DateTimeOffset?> RunDueAsync(CancellationToken cancellationToken) =>
        DrainAsync(DueAsync, options.BatchSize, options.Concurrency, FireAsync, NextSql, cancellationToken);

    private async Task FireAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            await Handler.HandleAsync(timer.InstanceId, new FireTimer(timer.TimerId), cancellationToken: cancellationToken);
            // Usually TimerFired already removed the row; this clears a timer the instance no longer knows.
            await RunSqlAsync(DeleteSql, cancellationToken, timer.InstanceId, timer.TimerId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (timer.Attempts + 1 >= options.MaxFailures)
            {
                LogDropped(e, timer.InstanceId, timer.TimerId, timer.Attempts + 1);
                await RunSqlAsync(DeleteSql, cancellationToken, timer.InstanceId, timer.TimerId);
                return;
            }

            LogPostponed(e, timer.InstanceId, timer.TimerId);
            var retryAt = Time.GetUtcNow().Add(options.FailureRetryDelay).ToUniversalTime();
            await RunSqlAsync(PostponeSql, cancellationToken, timer.InstanceId, timer.TimerId, retryAt);
        }
    }

    private async Task<IReadOnlyList<DueTimer>> DueAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(DueSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Time.GetUtcNow().ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.BatchSize });
        var due = new List<DueTimer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueTimer(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return due;
    }

    private async Task RunSqlAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record DueTimer(string InstanceId, string TimerId, int Attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {TimerId} of instance {InstanceId} could not fire; trying again later")]
    private partial void LogPostponed(Exception exception, string instanceId, string timerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {TimerId} of instance {InstanceId} failed {Attempts} times; dropped")]
    private partial void LogDropped(Exception exception, string instanceId, string timerId, int attempts);
}
