namespace Joy.Application.Execution;

/// <summary>
/// Runs one actor in a container on some node and reports what came out. Implemented by Joy.Executor.
/// A run is identified by <see cref="ActorRunRequest.RunId"/>, which is also the container's label, so a
/// restarted service can find and collect it instead of starting it again.
/// </summary>
public interface IActorRunner
{
    /// <summary>
    /// Queues the run (priority, then age) until a node has room, runs it and collects it. Failures of the
    /// actor (exit code, timeout, OOM) and of the infrastructure (<see cref="ActorRunErrors.NodeLost"/>, ...)
    /// are results, not exceptions. Cancelling the token abandons the run without killing its container, so
    /// <see cref="TryReattachAsync"/> can pick it up later.
    /// </summary>
    Task<ActorRunResult> RunAsync(ActorRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the run's container by label on the nodes and, when it exists and was started, waits for it and
    /// collects it. Null when there is no container (or only one that never started, which is removed):
    /// the caller starts the run again.
    /// </summary>
    Task<ActorRunResult?> TryReattachAsync(ActorRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Kills the run's container wherever it is; false when no such container exists.</summary>
    Task<bool> KillAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes this service's run containers on the healthy nodes whose run is not live, as
    /// <paramref name="liveAmong"/> says of the runs found (debug containers stay); returns the removed ids.
    /// </summary>
    Task<IReadOnlyList<string>> RemoveOrphansAsync(LiveRunsAmong liveAmong, CancellationToken cancellationToken = default);
}

/// <summary>Which of these run ids are still live (queued, claimed or running): their containers are not orphans.</summary>
public delegate Task<IReadOnlySet<string>> LiveRunsAmong(IReadOnlyList<string> runIds, CancellationToken cancellationToken);

/// <summary>
/// Receives each output while it streams out of the container (issue 6 plugs the PostgreSQL blob store in
/// here) and returns the reference the result carries for it, e.g. a blob's sha256.
/// </summary>
public interface IActorOutputSink
{
    Task<string> StoreAsync(string runId, string name, Stream content, CancellationToken cancellationToken);
}

/// <summary>Where a run landed, reported once its container exists (for ActorRunStarted).</summary>
public sealed record ActorRunPlacement(string RunId, string Node, string ContainerId);
