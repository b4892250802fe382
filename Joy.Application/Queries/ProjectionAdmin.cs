using Joy.Application.EventStore;
using Joy.Application.Projections;
using Joy.Application.Subscriptions;
using Npgsql;

namespace Joy.Application.Queries;

public sealed record ProjectionInfo(string Name, string Checkpoint);

public sealed record RebuildResult(string Name, long EventsReplayed, string Checkpoint, TimeSpan Took);

/// <summary>
/// Lists the async projections and rebuilds one from zero, synchronously: reset (checkpoint and
/// read model in one transaction, <see cref="ProjectionRebuilder"/>), then replay the whole log
/// through the same batch processor the live subscription uses. If a live runner (here or in
/// another process) processes batches meanwhile, the checkpoint's compare-and-advance lets exactly
/// one of them apply each batch, so the two cooperate instead of applying events twice.
/// </summary>
public sealed class ProjectionAdmin(
    IEnumerable<IAsyncProjection> projections,
    ProjectionRebuilder rebuilder,
    SubscriptionCheckpoints checkpoints,
    PostgresEventStore store,
    NpgsqlDataSource dataSource,
    TimeProvider time)
{
    private const int BatchSize = 500;

    public IReadOnlyList<IAsyncProjection> Projections { get; } = projections.DistinctBy(p => p.Name).ToList();

    public IAsyncProjection? Find(string name) => Projections.FirstOrDefault(p => p.Name == name);

    public async Task<IReadOnlyList<ProjectionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<ProjectionInfo>();
        foreach (var projection in Projections)
        {
            list.Add(new ProjectionInfo(projection.Name, (await checkpoints.LoadAsync(projection.Name, cancellationToken)).ToString()));
        }

        return list;
    }

    public async Task<RebuildResult> RebuildAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
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
                return new RebuildResult(projection.Name, replayed, position.ToString(), time.GetElapsedTime(started));
            }

            await Task.Delay(recheck, cancellationToken);
            recheck = TimeSpan.FromTicks(Math.Min(recheck.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }
}
