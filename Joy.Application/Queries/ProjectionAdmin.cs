using Joy.Application.EventStore;
using Joy.Application.Projections;
using Joy.Application.Subscriptions;
using Npgsql;

namespace Joy.Application.Queries;

/// <summary>A rebuildable projection: <see cref="Mode"/> "async" (with its subscription's checkpoint) or "inline".</summary>
public sealed record ProjectionInfo(string Name, string Mode, string? Checkpoint);

/// <summary><see cref="Checkpoint"/>: the log position the rebuilt read model reflects.</summary>
public sealed record RebuildResult(string Name, string Mode, long EventsReplayed, string Checkpoint, TimeSpan Took);

/// <summary>
/// Lists the rebuildable projections and rebuilds one from zero, synchronously.
/// <list type="bullet">
/// <item>An async projection: reset (checkpoint and read model in one transaction,
/// <see cref="ProjectionRebuilder.RebuildAsync"/>), then replay the whole log through the same batch
/// processor the live subscription uses. If a live runner (here or in another process) processes
/// batches meanwhile, the checkpoint's compare-and-advance lets exactly one of them apply each batch,
/// so the two cooperate instead of applying events twice.</item>
/// <item>An inline projection that can be reset (an <see cref="IAsyncProjection"/> registered inline):
/// <see cref="ProjectionRebuilder.RebuildInlineAsync"/>, one transaction that holds appends back
/// while it replays, so the read model is never seen half-built and no append slips past it.</item>
/// </list>
/// </summary>
public sealed class ProjectionAdmin(
    IEnumerable<IAsyncProjection> projections,
    IEnumerable<IInlineProjection> inlineProjections,
    ProjectionRebuilder rebuilder,
    SubscriptionCheckpoints checkpoints,
    PostgresEventStore store,
    NpgsqlDataSource dataSource,
    TimeProvider time)
{
    private const int BatchSize = 500;

    private const string Async = "async";
    private const string Inline = "inline";

    private readonly HashSet<IAsyncProjection> _inline = inlineProjections.OfType<IAsyncProjection>().ToHashSet();

    public IReadOnlyList<IAsyncProjection> Projections { get; } =
        projections.Concat(inlineProjections.OfType<IAsyncProjection>()).DistinctBy(p => p.Name).ToList();

    public IAsyncProjection? Find(string name) => Projections.FirstOrDefault(p => p.Name == name);

    public string ModeOf(IAsyncProjection projection) => _inline.Contains(projection) ? Inline : Async;

    public async Task<IReadOnlyList<ProjectionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<ProjectionInfo>();
        foreach (var projection in Projections)
        {
            var mode = ModeOf(projection);
            var checkpoint = mode == Async ? (await checkpoints.LoadAsync(projection.Name, cancellationToken)).ToString() : null;
            list.Add(new ProjectionInfo(projection.Name, mode, checkpoint));
        }

        return list;
    }

    public async Task<RebuildResult> RebuildAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        if (ModeOf(projection) == Inline)
        {
            var (count, last) = await rebuilder.RebuildInlineAsync(projection, cancellationToken);
            return new RebuildResult(projection.Name, Inline, count, last.ToString(), time.GetElapsedTime(started));
        }

        await rebuilder.RebuildAsync(projection, cancellationToken);
        var processor = new ProjectionBatchProcessor(projection, dataSource, checkpoints);
        var position = GlobalPosition.Start;
        long replayed = 0;
        var recheck = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var page = await store.ReadAllAsync(position, BatchSize, includeArchived: true, cancellationToken);
            if (page.Events.Count > 0)
            {
                if (await processor.ProcessAsync(page.Events, position, page.Next, cancellationToken))
                {
                    replayed += page.Events.Count;
                    position = page.Next;
                }
                else
                {
                    position = await checkpoints.LoadAsync(projection.Name, cancellationToken); // the live runner did it
                }

                continue;
            }

            if (!page.HeldBack)
            {
                return new RebuildResult(projection.Name, Async, replayed, position.ToString(), time.GetElapsedTime(started));
            }

            await Task.Delay(recheck, cancellationToken);
            recheck = TimeSpan.FromTicks(Math.Min(recheck.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }
}
