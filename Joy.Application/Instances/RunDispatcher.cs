using System.Collections.Concurrent;
using Joy.Application.Blobs;
using Joy.Application.EventStore;
using Joy.Application.Execution;
using Joy.Domain.Instances;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Instances;

/// <summary>
/// Runs requested actors, in every process (DESIGN.md section 8). Queue and node capacity live in the
/// database: a run and a free slot are claimed together under SKIP LOCKED with a lease renewed while the
/// container runs, so several processes share the work and none runs an attempt twice. A run whose owner
/// died (lease expired) is taken over: re-attached to its container by label, or failed as Joy.NodeLost for
/// the retry policy to decide. Woken by NOTIFY from the queue projection, with a slow fallback poll.
/// </summary>
public sealed partial class RunDispatcher(
    NpgsqlDataSource dataSource,
    EventStoreOptions storeOptions,
    DispatcherOptions options,
    INodeDirectory nodes,
    IActorRunner runner,
    IBlobStore blobs,
    IInstanceCommandHandler handler,
    TimeProvider time,
    ILogger<RunDispatcher> logger) : BackgroundService
{
    private readonly string _channel = RunQueueProjection.RunChannel(storeOptions);
    private readonly ConcurrentDictionary<string, HeldRun> _held = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Signal _wake = new();

    /// <summary>Runs this process holds right now (for tests and the dashboard).</summary>
    public IReadOnlyCollection<string> HeldRunIds => _held.Keys.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        await nodes.WaitReadyAsync(stoppingToken);
        await SeedSlotsAsync(stoppingToken);
        var listening = ListenAsync(stoppingToken);
        var sweeping = SweepOrphansAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            Claim? claim;
            try
            {
                claim = await TryClaimAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Claiming a run failed; trying again shortly");
                claim = null;
            }

            if (claim is { Takeover: true } && _held.ContainsKey(claim.RunId))
            {
                // Our own lease ran out while we still carry the run (a renewal came late: a busy machine, a
                // slow database). The claim renewed it; taking it over here as well would re-attach to, or
                // remove as never started, the very container this process is about to start.
                LogOwnLeaseExpired(claim.RunId);
                continue;
            }

            if (claim is not null)
            {
                var task = Task.Run(() => ExecuteClaimAsync(claim, stoppingToken), CancellationToken.None);
                _running[task] = 0;
                _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
                continue;
            }

            await _wake.WaitAsync(options.Poll, stoppingToken);
        }

        await listening;
        await sweeping;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Runs in flight are abandoned, not killed: their leases expire and a live process re-attaches.
        await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of run {RunId} expired while this process still ran it; kept, not taken over")]
    private partial void LogOwnLeaseExpired(string runId);

    /// <summary>A claimed run; <paramref name="TraceParent"/> is its requester's span, <paramref name="WaitedSeconds"/> its time in the queue.</summary>
    private sealed record Claim(string RunId, string InstanceId, string Node, string Request, bool Debug, bool Takeover,
        string? TraceParent, double? WaitedSeconds);

    /// <summary>A run this process holds: cancelled when a cancel arrives or the lease is lost.</summary>
    private sealed class HeldRun
    {
        private readonly CancellationTokenSource _cancelled = new();

        public CancellationToken Cancelled => _cancelled.Token;

        public bool Reported { get; set; }

        /// <summary>The run's span (null when nobody listens).</summary>
        public System.Diagnostics.Activity? Activity { get; set; }

        /// <summary>The deferred MarkActorRunStarted report, if its delay ran out before the result came.</summary>
        public Task? Started { get; set; }

        /// <summary>What recording the collected result appended; null until it has been.</summary>
        public IReadOnlyList<InstanceEvent>? Recorded { get; set; }

        /// <summary>Where and when the container was placed; null until it is.</summary>
        public MarkActorRunStarted? Placement { get; set; }

        // Who reports the start: 0 nobody yet, 1 the result (one append with it), 2 the delayed report.
        private int _startReporter;

        /// <summary>The result takes the start report along, unless the delayed report already has it.</summary>
        public bool TakeStartForResult() => Interlocked.CompareExchange(ref _startReporter, 1, 0) == 0;

        /// <summary>The delayed report takes it, unless the result already has.</summary>
        public bool TakeStartForDelayedReport() => Interlocked.CompareExchange(ref _startReporter, 2, 0) == 0;

        public void Cancel()
        {
            try
            {
                _cancelled.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run already ended.
            }
        }
    }

    /// <summary>An auto-reset wake-up: many signals while nobody waits count as one.</summary>
    private sealed class Signal
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Set() => _next.TrySetResult();

        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var next = _next;
            try
            {
                await next.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The fallback poll.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Interlocked.CompareExchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously), next);
        }
    }
}
