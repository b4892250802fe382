using Joy.Application.EventStore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Subscriptions;

/// <summary>
/// Runs one subscription: takes its single-consumer lock on a dedicated connection, LISTENs there,
/// and feeds batches of the global log from the checkpoint to the processor. Until it holds the
/// lock it retries every <see cref="SubscriptionOptions.LockRetryInterval"/>, so when the active
/// process dies (its session ends, the lock goes) a standby takes over from the checkpoint.
/// </summary>
public sealed partial class SubscriptionRunner(
    IBatchProcessor processor,
    NpgsqlDataSource dataSource,
    PostgresEventStore store,
    SubscriptionCheckpoints checkpoints,
    EventStoreOptions storeOptions,
    SubscriptionOptions options,
    ILogger<SubscriptionRunner> logger)
{
    private readonly string _tryLockSql = SqlScripts.Get("Subscriptions/Sql/try_lock.sql", storeOptions.Schema);
    private readonly string _unlockSql = SqlScripts.Get("Subscriptions/Sql/unlock.sql", storeOptions.Schema);
    private volatile bool _isActive;
    private int _notified;

    public string Name => processor.Name;

    /// <summary>True while this runner holds the subscription (it is the one consuming).</summary>
    public bool IsActive => _isActive;

    /// <summary>Runs until cancelled; failures are logged and retried after a back-off.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e, Name);
                await DelayAsync(options.FailureBackoff, cancellationToken);
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ExecuteScalarAsync<bool>(connection, _tryLockSql, cancellationToken))
        {
            await DelayAsync(options.LockRetryInterval, cancellationToken);
            return;
        }

        try
        {
            _isActive = true;
            LogActive(Name);
            await ConsumeAsync(connection, cancellationToken);
        }
        finally
        {
            _isActive = false;
            await ReleaseAsync(connection);
        }
    }

    private async Task ReleaseAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return; // broken: the session, its lock and its LISTEN are gone with it
        }

        try
        {
            await ExecuteScalarAsync<bool>(connection, _unlockSql, CancellationToken.None);
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Could not clean up: make sure the session ends instead of idling in the pool.
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private async Task<T> ExecuteScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Subscription} is active in this process")]
    private partial void LogActive(string subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Subscription} failed; retrying")]
    private partial void LogFailed(Exception exception, string subscription);
}
