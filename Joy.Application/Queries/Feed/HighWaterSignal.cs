using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Joy.Application.Queries.Feed;

/// <summary>
/// One watcher per process for every live-feed client: while a client waits, it reads the async
/// daemon's high-water mark every <see cref="EventFeedOptions.PollInterval"/> and, when the mark has
/// moved, wakes all waiting clients at once; they then read the log themselves through the pooled
/// data source, so a hundred SSE clients cost one small query per interval, and none waiting costs
/// nothing. The signal means exactly "more of the log is readable", which is what a client waits
/// for. (Per-append NOTIFY would wake clients before the mark moves, and PostgreSQL serialises the
/// commits of notifying transactions.) In a process that runs an async projection, the daemon
/// announces each mark it has stored (its <see cref="ShardStateTracker"/>, to which Wolverine
/// subscribes every registered <see cref="IObserver{ShardState}"/>), and the watcher reads it at once
/// instead of at the next interval; elsewhere it polls.
/// </summary>
public sealed partial class HighWaterSignal(MartenEventLog log, IOptions<EventFeedOptions> options, ILogger<HighWaterSignal> logger)
    : BackgroundService, IObserver<ShardState>
{
    private TaskCompletionSource _signal = NewSignal();
    private TaskCompletionSource _wanted = NewSignal();
    private readonly SemaphoreSlim _daemonMoved = new(0, 1);
    private long _daemonMark;

    /// <summary>Completes when the mark next moves. Take it before reading, await it after.</summary>
    public Task NextSignal
    {
        get
        {
            Volatile.Read(ref _wanted).TrySetResult(); // someone waits: keep watching
            return Volatile.Read(ref _signal).Task;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = GlobalPosition.Start;
        // The daemon stores the mark before it announces it, so a read after the announcement finds it.
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Volatile.Read(ref _wanted).Task.WaitAsync(stoppingToken);
                if (await MarkMovedAsync(seen, stoppingToken) is { } mark)
                {
                    seen = mark;
                    // Reset before waking: a woken client takes NextSignal again and so sets the new one.
                    Volatile.Write(ref _wanted, NewSignal());
                    Signal();
                }

                await _daemonMoved.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    void IObserver<ShardState>.OnNext(ShardState state)
    {
        // The daemon also republishes an unchanged mark as its heartbeat: only a higher one wakes.
        // (The tracker calls its observers one state at a time.)
        if (state.ShardName != ShardState.HighWaterMark || state.Sequence <= _daemonMark)
        {
            return;
        }

        _daemonMark = state.Sequence;

        if (_daemonMoved.CurrentCount == 0)
        {
            try
            {
                _daemonMoved.Release();
            }
            catch (SemaphoreFullException)
            {
                // already woken
            }
        }
    }

    void IObserver<ShardState>.OnCompleted()
    {
    }

    void IObserver<ShardState>.OnError(Exception error)
    {
    }

    /// <summary>The mark when it differs from <paramref name="seen"/>; after a failed read, the last one seen (clients re-read and find out).</summary>
    private async Task<GlobalPosition?> MarkMovedAsync(GlobalPosition seen, CancellationToken stoppingToken)
    {
        try
        {
            var mark = await log.HighWaterMarkAsync(stoppingToken);
            return mark != seen ? mark : null;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            LogUnreadable(e);
            return seen;
        }
    }

    private void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live feed could not read the high-water mark; retrying")]
    private partial void LogUnreadable(Exception exception);
}
