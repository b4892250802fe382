using Joy.Application.EventStore;
using Microsoft.Extensions.Options;
using System.Runtime.CompilerServices;

namespace Joy.Application.Queries.Feed;

/// <summary>Bound from <c>Joy:Feed</c>.</summary>
public sealed class EventFeedOptions
{
    public const string Section = "Joy:Feed";

    /// <summary>How often an idle SSE stream sends a comment so proxies and clients keep it open.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events per read (and so the most a client buffers before it must take them).</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>First re-check while events wait above the high-water mark.</summary>
    public TimeSpan HeldBackRecheck { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the process reads the high-water mark to wake its live clients.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The most live clients of one process reading the log at once. A move of the mark wakes them
    /// all together; without a bound each would hold its own pooled session for that read, so the
    /// pool would grow with the number of clients.
    /// </summary>
    public int MaxConcurrentReads { get; set; } = 4;
}

/// <summary>
/// Follows the log for one live client: reads pages after its position, and when caught up waits
/// for the shared <see cref="HighWaterSignal"/> (the mark moved) or the keep-alive timeout.
/// Yields events in log order, and null for "idle: send a keep-alive". Reads of all clients go
/// through one gate of <see cref="EventFeedOptions.MaxConcurrentReads"/>.
/// </summary>
public sealed class EventFeedFollower(EventFeedReader reader, HighWaterSignal highWater, IOptions<EventFeedOptions> options)
{
    private readonly SemaphoreSlim _reads = new(Math.Max(1, options.Value.MaxConcurrentReads));

    public async IAsyncEnumerable<StoredEvent?> FollowAsync(
        EventFeedQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var position = query.After;
        var recheck = settings.HeldBackRecheck;
        while (!cancellationToken.IsCancellationRequested)
        {
            var signal = highWater.NextSignal; // taken before the read: a move of the mark after it is not lost
            var page = await ReadAsync(query with { After = position, Limit = settings.PageSize }, cancellationToken);
            foreach (var stored in page.Events)
            {
                yield return stored;
            }

            position = page.Next;
            if (page.Events.Count >= settings.PageSize)
            {
                continue;
            }

            var wait = page.HeldBack ? recheck : settings.KeepAlive;
            recheck = page.HeldBack ? TimeSpan.FromTicks(Math.Min(recheck.Ticks * 2, TimeSpan.FromSeconds(1).Ticks)) : settings.HeldBackRecheck;
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timeout = Task.Delay(wait, stopTimer.Token);
            var woken = await Task.WhenAny(signal, timeout);
            await stopTimer.CancelAsync(); // drop the timer now, not when it would have fired
            if (woken == timeout && !page.HeldBack)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                yield return null;
            }
        }
    }

    private async Task<EventFeedPage> ReadAsync(EventFeedQuery query, CancellationToken cancellationToken)
    {
        await _reads.WaitAsync(cancellationToken);
        try
        {
            return await reader.ReadAsync(query, cancellationToken);
        }
        finally
        {
            _reads.Release();
        }
    }
}
