using JasperFx.Events.Daemon;
using Joy.Application.EventStore;
using Joy.Application.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Joy.Application.Queries;

/// <summary>
/// A rebuildable projection: <see cref="Mode"/> "async" (with its progress in the daemon, and
/// <see cref="RunningOn"/>, the number of the Wolverine node, one of the service's processes, that
/// runs it; null while it runs nowhere) or "inline" (it runs in every append's transaction).
/// </summary>
public sealed record ProjectionInfo(string Name, string Mode, string? Checkpoint, int? RunningOn = null);

/// <summary><see cref="Checkpoint"/>: the log position the rebuilt read model reflects.</summary>
public sealed record RebuildResult(string Name, string Mode, long EventsReplayed, string Checkpoint, TimeSpan Took);

/// <summary>
/// Lists the rebuildable projections and rebuilds one from zero, synchronously.
/// <list type="bullet">
/// <item>An async projection runs as a Wolverine agent in exactly one of the processes. Its rebuild
/// pauses the agent across the cluster (an agent restriction, as an operator would set it), waits
/// until no process runs it, has Wolverine replay it here on a transient agent (which empties its
/// tables and replays the log up to the high-water mark), then lifts the pause: the leader starts
/// it again somewhere and it follows the log from there. A process that is not serving
/// (<c>--rebuild-projections</c>) rebuilds on a daemon of its own.</item>
/// <item>An inline projection: <see cref="ProjectionRebuilder.RebuildInlineAsync"/>, one transaction
/// that holds appends back while it replays, so the read model is never seen half-built.</item>
/// </list>
/// </summary>
public sealed class ProjectionAdmin(
    IEnumerable<IAsyncProjection> projections,
    IEnumerable<IInlineProjection> inlineProjections,
    ProjectionRebuilder rebuilder,
    IDocumentStore store,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    TimeProvider time)
{
    private const string Async = "async";
    private const string Inline = "inline";
    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly HashSet<IAsyncProjection> _inline = inlineProjections.OfType<IAsyncProjection>().ToHashSet();

    public IReadOnlyList<IAsyncProjection> Projections { get; } =
        projections.Concat(inlineProjections.OfType<IAsyncProjection>()).DistinctBy(p => p.Name).ToList();

    public IAsyncProjection? Find(string name) => Projections.FirstOrDefault(p => p.Name == name);

    public string ModeOf(IAsyncProjection projection) => _inline.Contains(projection) ? Inline : Async;

    public async Task<IReadOnlyList<ProjectionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellationToken))
            .ToDictionary(s => s.ShardName, s => s.Sequence, StringComparer.Ordinal);
        var runningOn = await RunningOnAsync(cancellationToken);
        var list = new List<ProjectionInfo>();
        foreach (var projection in Projections)
        {
            if (ModeOf(projection) == Inline)
            {
                list.Add(new ProjectionInfo(projection.Name, Inline, null));
                continue;
            }

            var shard = ShardOf(projection);
            var agent = runningOn.Count > 0 ? await Agents.FindAgentUriAsync(shard, null, cancellationToken) : null;
            list.Add(new ProjectionInfo(projection.Name, Async, new GlobalPosition(progress.GetValueOrDefault(shard)).ToString(),
                agent is not null && runningOn.TryGetValue(agent, out var node) ? node : null));
        }

        return list;
    }

    private IEventSubscriptionAgentFamily Agents => services.GetRequiredService<IEventSubscriptionAgentFamily>();

    /// <summary>Which node runs each agent, as the nodes report it (empty when this process is not serving).</summary>
    private async Task<Dictionary<Uri, int>> RunningOnAsync(CancellationToken cancellationToken)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return [];
        }

        var nodes = await services.GetRequiredService<IWolverineRuntime>().Storage.Nodes.LoadAllNodesAsync(cancellationToken);
        return nodes.SelectMany(node => node.ActiveAgents.Select(agent => (agent, node.AssignedNodeNumber)))
            .DistinctBy(running => running.agent)
            .ToDictionary(running => running.agent, running => running.AssignedNodeNumber);
    }

    public async Task<RebuildResult> RebuildAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        if (ModeOf(projection) == Inline)
        {
            var (count, last) = await rebuilder.RebuildInlineAsync(projection, cancellationToken);
            return new RebuildResult(projection.Name, Inline, count, last.ToString(), time.GetElapsedTime(started));
        }

        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            await RebuildPausedAsync(ShardOf(projection), cancellationToken);
        }
        else
        {
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync(projection.Name, RebuildTimeout, cancellationToken);
        }

        // Where the rebuild stopped: the high-water mark it replayed to.
        var mark = new GlobalPosition((await store.Advanced.AllProjectionProgress(token: cancellationToken))
            .SingleOrDefault(shard => shard.ShardName == ShardOf(projection))?.Sequence ?? 0);
        var replayed = await CountAsync(mark, cancellationToken);
        return new RebuildResult(projection.Name, Async, replayed, mark.ToString(), time.GetElapsedTime(started));
    }

    private async Task RebuildPausedAsync(string shard, CancellationToken cancellationToken)
    {
        var runtime = services.GetRequiredService<IWolverineRuntime>();
        var agents = Agents;
        var agent = await agents.FindAgentUriAsync(shard, null, cancellationToken)
            ?? throw new InvalidOperationException($"No agent runs projection shard {shard}.");
        await ChangeRestrictionAsync(runtime, restrictions => restrictions.PauseAgent(agent), cancellationToken);
        try
        {
            await WaitUntilStoppedAsync(runtime, agent, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RebuildTimeout);
            if (!await agents.TryRebuildRegisteredProjectionAsync(shard, null, timeout.Token))
            {
                throw new InvalidOperationException($"Wolverine knows no projection shard {shard} to rebuild.");
            }
        }
        finally
        {
            // Lifted even when the rebuild failed or was cancelled: the projection then resumes from its progress.
            await ChangeRestrictionAsync(runtime, restrictions => restrictions.RestartAgent(agent), CancellationToken.None);
        }
    }

    /// <summary>
    /// Changes the stored restrictions as an operator would: the pause is a row with an id, and lifting
    /// it must name that row (a lift under a new id would leave the pause in place for good).
    /// </summary>
    private static async Task ChangeRestrictionAsync(IWolverineRuntime runtime, Action<AgentRestrictions> change, CancellationToken cancellationToken)
    {
        var restrictions = (await runtime.Storage.Nodes.LoadNodeAgentStateAsync(cancellationToken)).Restrictions;
        change(restrictions);
        await runtime.Agents.ApplyRestrictionsAsync(restrictions, cancellationToken);
    }

    /// <summary>Until no process reports the agent among those it runs.</summary>
    private async Task WaitUntilStoppedAsync(IWolverineRuntime runtime, Uri agent, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(StopTimeout.TotalSeconds * time.TimestampFrequency);
        while ((await runtime.Storage.Nodes.LoadAllNodesAsync(cancellationToken)).Any(node => node.ActiveAgents.Contains(agent)))
        {
            if (time.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Agent {agent} was still running {StopTimeout.TotalSeconds:0} s after it was paused.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    /// <summary>Marten's shard (and progress row) of an async projection: its name and the only shard, "All".</summary>
    private static string ShardOf(IAsyncProjection projection) => $"{projection.Name}:All";

    private async Task<long> CountAsync(GlobalPosition upTo, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence <= upTo.Sequence && e.StreamKey != MartenEventLog.TombstoneStream)
            .LongCountAsync(cancellationToken);
    }
}
