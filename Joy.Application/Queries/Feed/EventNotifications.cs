using Marten.Events.Daemon.HighWater;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Queries.Feed;

/// <summary>
/// One LISTEN connection per process for every live-feed client: Marten NOTIFYs
/// <c>mt_events_appended</c> when an append commits (the same signal wakes its daemon); this turns
/// each notification into a signal that wakes all waiting clients at once. The new events are
/// readable once the daemon's high-water mark has passed them; until then a client's read says
/// they are held back and it re-checks shortly. Clients then
/// read the log themselves through the pooled data source, so a hundred SSE clients cost one
/// listening session, not a hundred. After a lost connection it reconnects and wakes everyone
/// (a notification may have been missed while it was down).
/// </summary>
public sealed partial class EventNotifications(
    NpgsqlDataSource dataSource, ILogger<EventNotifications> logger) : BackgroundService
{
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>Completes at the next notification (or reconnect). Take it before reading, await it after.</summary>
    public Task NextSignal => Volatile.Read(ref _signal).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => Signal();
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresqlListenWakeup.DefaultChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Signal(); // anything appended before LISTEN took effect
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                LogLost(e);
                Signal();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live feed's LISTEN connection was lost; reconnecting")]
    private partial void LogLost(Exception exception);
}
