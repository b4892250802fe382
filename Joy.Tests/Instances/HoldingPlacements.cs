using Joy.Application.Execution;

namespace Joy.Tests.Instances;

/// <summary>
/// The real runner, with the time between a run's placement (its container created, OnPlaced reported) and its
/// start stretched at will: what a busy machine does to a slow upload, on demand. Only the first placement after
/// <see cref="Hold"/> waits; later ones (a run placed again) go straight on.
/// </summary>
public sealed class HoldingPlacements(IActorRunner inner) : IActorRunner
{
    private Gate _gate = Gate.Open();

    /// <summary>Holds the next placement until <see cref="Gate.Release"/>.</summary>
    public Gate Hold() => _gate = new Gate();

    public Task<ActorRunResult> RunAsync(ActorRunRequest request, CancellationToken cancellationToken = default) =>
        inner.RunAsync(request with
        {
            OnPlaced = async (placement, token) =>
            {
                await request.OnPlaced!(placement, token);
                await _gate.PassAsync(placement, token);
            },
        }, cancellationToken);

    public Task<ActorRunResult?> TryReattachAsync(ActorRunRequest request, CancellationToken cancellationToken = default) =>
        inner.TryReattachAsync(request, cancellationToken);

    public Task<bool> KillAsync(string runId, CancellationToken cancellationToken = default) => inner.KillAsync(runId, cancellationToken);

    public Task<IReadOnlyList<string>> RemoveOrphansAsync(LiveRunsAmong liveAmong, CancellationToken cancellationToken = default) =>
        inner.RemoveOrphansAsync(liveAmong, cancellationToken);

    public sealed class Gate
    {
        private readonly TaskCompletionSource<ActorRunPlacement> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _placements;

        public static Gate Open()
        {
            var gate = new Gate();
            gate.Release();
            return gate;
        }

        /// <summary>The placement being held.</summary>
        public Task<ActorRunPlacement> Held => _held.Task;

        /// <summary>How many placements went through since the hold: 1 unless the run was placed again.</summary>
        public int Placements => Volatile.Read(ref _placements);

        public void Release() => _released.TrySetResult();

        internal async Task PassAsync(ActorRunPlacement placement, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _placements) == 1)
            {
                _held.TrySetResult(placement);
                await _released.Task.WaitAsync(cancellationToken);
            }
        }
    }
}
