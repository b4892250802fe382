using Joy.Application.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// A singleton duty (firing timers, sending callbacks) that runs in every process but is done by
/// one at a time: the holder of a session-level advisory lock on a dedicated connection. When the
/// holder dies its session ends, the lock goes, and a standby takes over within
/// <see cref="LeaderOptions.LockRetryInterval"/>. The leader sleeps until the next due time or a
/// NOTIFY on <see cref="Channel"/> (new work), never polling faster than that.
/// </summary>
public abstract partial class LeaderLoop(
    NpgsqlDataSource dataSource,
    EventStoreOptions storeOptions,
    LeaderOptions options,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    private readonly string _tryLockSql = SqlScripts.Get("Instances/Reactors/Sql/leader_try_lock.sql", storeOptions.Schema);
    private readonly string _unlockSql = SqlScripts.Get("Instances/Reactors/Sql/leader_unlock.sql", storeOptions.Schema);
    private volatile bool _isLeader;

    /// <summary>The duty's name: the advisory lock is keyed by it.</summary>
    protected abstract string Name { get; }

    /// <summary>The NOTIFY channel that says new work was added: <see cref="ChannelOf"/> the duty's name.</summary>
    protected string Channel => ChannelOf(storeOptions, Name);

    /// <summary>The channel the duty named <paramref name="name"/> listens on, for the projections that add its work.</summary>
    public static string ChannelOf(EventStoreOptions options, string name) => $"{options.Schema}_{name}";

    protected TimeProvider Time => time;

    protected NpgsqlDataSource DataSource => dataSource;

    protected string Schema => storeOptions.Schema;

    /// <summary>True while this process holds the duty.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>Does everything due now; returns when the next piece of work is due (null: none pending).</summary>
    protected abstract Task<DateTimeOffset?> RunDueAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The usual <see cref="RunDueAsync"/>: handles what <paramref name="due"/> returns, up to
    /// <paramref name="concurrency"/> at once, batch after batch while batches come back full, then
    /// reads when the next item falls due with <paramref name="nextSql"/> (one timestamptz or null).
    /// </summary>
    protected async Task<DateTimeOffset?> DrainAsync<T>(
        Func<CancellationToken, Task<IReadOnlyList<T>>> due,
        int batchSize,
        int concurrency,
        Func<T, CancellationToken, Task> handle,
        string nextSql,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var items = await due(cancellationToken);
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (item, ct) => await handle(item, ct));
            if (items.Count < batchSize)
            {
                break;
            }
        }

        await using var command = DataSource.CreateCommand(nextSql);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next
            ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc))
            : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LeadOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e, Name);
                await DelayAsync(options.FailureBackoff, stoppingToken);
            }
        }
    }

    private async Task LeadOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        if (!await ExecuteScalarAsync<bool>(connection, _tryLockSql, Name, cancellationToken))
        {
            await DelayAsync(options.LockRetryInterval, cancellationToken);
            return;
        }

        try
        {
            _isLeader = true;
            LogLeading(Name);
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var next = await RunDueAsync(cancellationToken);
                var wait = next is { } due ? due - time.GetUtcNow() : options.MaxIdle;
                if (wait > options.MaxIdle)
                {
                    wait = options.MaxIdle;
                }

                if (wait > TimeSpan.Zero)
                {
                    // Returns early on a NOTIFY (new work) or when the next item falls due. Npgsql
                    // waits in whole milliseconds and reads 0 as "forever": round up, never down,
                    // or an item due in under a millisecond would park the leader until the next NOTIFY.
                    await connection.WaitAsync(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), cancellationToken);
                }
            }
        }
        finally
        {
            _isLeader = false;
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
            await ExecuteScalarAsync<bool>(connection, _unlockSql, Name, CancellationToken.None);
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Could not clean up: make sure the session ends instead of idling in the pool with the lock.
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static async Task<T> ExecuteScalarAsync<T>(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Duty} is led by this process")]
    private partial void LogLeading(string duty);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Duty} failed; retrying")]
    private partial void LogFailed(Exception exception, string duty);
}
