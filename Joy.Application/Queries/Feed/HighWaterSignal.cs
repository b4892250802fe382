using Joy.Application.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Joy.Application.Queries.Feed;

/// <summary>
/// One watcher per process for every live-feed client: it reads the async daemon's high-water mark
/// every <see cref="EventFeedOptions.PollInterval"/> and, when the mark has moved, wakes all waiting
/// clients at once; they then read the log themselves through the pooled data source, so a hundred
/// SSE clients cost one small query per interval, not a hundred. The signal means exactly "more of
/// the log is readable", which is what a client waits for. (Per-append NOTIFY would wake clients
/// before the mark moves, and PostgreSQL serialises the commits of notifying transactions.)
/// </summary>
public sealed partial class HighWaterSignal(MartenEventLog log, IOptions<EventFeedOptions> options, ILogger<HighWaterSignal> logger)
    : BackgroundService
{
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>Completes when the mark next moves. Take it before reading, await it after.</summary>
    public Task NextSignal => Volatile.Read(ref _signal).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = GlobalPosition.Start;
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                var mark = await log.HighWaterMarkAsync(stoppingToken);
                if (mark != seen)
                {
                    seen = mark;
                    Signal();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                LogUnreadable(e);
                Signal(); // clients re-read, and find out themselves
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live feed could not read the high-water mark; retrying")]
    private partial void LogUnreadable(Exception exception);
}
