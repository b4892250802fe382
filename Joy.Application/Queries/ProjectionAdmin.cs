using JasperFx.Events.Daemon;
using Joy.Application.EventStore;
using Joy.Application.Projections;
using Marten;

namespace Joy.Application.Queries;

/// <summary>A rebuildable projection: <see cref="Mode"/> "async" (with its progress in the daemon) or "inline".</summary>
public sealed record ProjectionInfo(string Name, string Mode, string? Checkpoint);

/// <summary><see cref="Checkpoint"/>: the log position the rebuilt read model reflects.</summary>
public sealed record RebuildResult(string Name, string Mode, long EventsReplayed, string Checkpoint, TimeSpan Took);

/// <summary>
/// Lists the rebuildable projections and rebuilds one from zero, synchronously.
/// <list type="bullet">
/// <item>An async projection: Marten's daemon rebuild (it stops the projection's shard, empties its
/// tables, replays the log up to the high-water mark and starts the shard again).</item>
/// <item>An inline projection: <see cref="ProjectionRebuilder.RebuildInlineAsync"/>, one transaction
/// that holds appends back while it replays, so the read model is never seen half-built.</item>
/// </list>
/// </summary>
public sealed class ProjectionAdmin(
    IEnumerable<IAsyncProjection> projections,
    IEnumerable<IInlineProjection> inlineProjections,
    ProjectionRebuilder rebuilder,
    IProjectionCoordinator coordinator,
    IDocumentStore store,
    TimeProvider time)
{
    private const string Async = "async";
    private const string Inline = "inline";
    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromMinutes(10);

    private readonly HashSet<IAsyncProjection> _inline = inlineProjections.OfType<IAsyncProjection>().ToHashSet();

    public IReadOnlyList<IAsyncProjection> Projections { get; } =
        projections.Concat(inlineProjections.OfType<IAsyncProjection>()).DistinctBy(p => p.Name).ToList();

    public IAsyncProjection? Find(string name) => Projections.FirstOrDefault(p => p.Name == name);

    public string ModeOf(IAsyncProjection projection) => _inline.Contains(projection) ? Inline : Async;

    public async Task<IReadOnlyList<ProjectionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var progress = (await store.Advanced.AllProjectionProgress(token: cancellationToken))
            .ToDictionary(s => s.ShardName, s => s.Sequence, StringComparer.Ordinal);
        return Projections.Select(projection => ModeOf(projection) == Async
                ? new ProjectionInfo(projection.Name, Async, new GlobalPosition(progress.GetValueOrDefault(ShardOf(projection))).ToString())
                : new ProjectionInfo(projection.Name, Inline, null))
            .ToList();
    }

    public async Task<RebuildResult> RebuildAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        if (ModeOf(projection) == Inline)
        {
            var (count, last) = await rebuilder.RebuildInlineAsync(projection, cancellationToken);
            return new RebuildResult(projection.Name, Inline, count, last.ToString(), time.GetElapsedTime(started));
        }

        var running = coordinator.DaemonForMainDatabase();
        GlobalPosition mark;
        if (running.IsRunning)
        {
            await running.RebuildProjectionAsync(projection.Name, RebuildTimeout, cancellationToken);
            // The rebuild replays up to the high-water mark and stops; the shard then follows the log again from there.
            await running.StartAgentAsync(ShardOf(projection), cancellationToken);
            mark = new GlobalPosition(running.HighWaterMark());
        }
        else
        {
            // Not serving (--rebuild-projections, or a process that is not the daemon's leader): a daemon of its own.
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync(projection.Name, RebuildTimeout, cancellationToken);
            mark = new GlobalPosition(daemon.HighWaterMark());
        }

        var replayed = await CountAsync(mark, cancellationToken);
        return new RebuildResult(projection.Name, Async, replayed, mark.ToString(), time.GetElapsedTime(started));
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
