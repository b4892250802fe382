using System.Collections.Concurrent;
using Joy.Application.Blobs;
using Joy.Application.EventStore;
using Joy.Application.Execution;
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
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Runs in flight are abandoned, not killed: their leases expire and a live process re-attaches.
        await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private sealed record Claim(string RunId, string InstanceId, string Node, string Request, bool Debug, bool Takeover);

    /// <summary>A run this process holds: cancelled when a cancel arrives or the lease is lost.</summary>
    private sealed class HeldRun
    {
        private readonly CancellationTokenSource _cancelled = new();

        public CancellationToken Cancelled => _cancelled.Token;

        public bool Reported { get; set; }

        /// <summary>The MarkActorRunStarted report, appended while the container starts.</summary>
        public Task? Started { get; set; }

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
