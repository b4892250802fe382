using Joy.Application.EventStore;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Joy.Application.Schedules;

/// <summary>
/// At start, folds and stores the <see cref="FoldedSchedule"/> of every schedule stream that has none: the streams
/// written before the schedule's snapshot was stored inline, which <c>FetchForWriting</c> (it loads the document, never
/// the events) would otherwise see as no schedule. Runs after Marten has created the tables (registered after the
/// store); once every stream has its document it finds nothing to do.
/// </summary>
public sealed partial class ScheduleSnapshots(IDocumentStore store, EventStoreOptions options, ILogger<ScheduleSnapshots> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(FoldedSchedule), cancellationToken);
        var table = store.Options.FindOrResolveDocumentType(typeof(FoldedSchedule)).TableName.QualifiedName;
        IReadOnlyList<string> missing;
        await using (var session = store.QuerySession())
        {
            missing = await session.AdvancedSql.QueryAsync<string>(
                $"SELECT s.id FROM {options.Schema}.mt_streams s WHERE s.id LIKE ? AND NOT EXISTS (SELECT 1 FROM {table} d WHERE d.id = s.id)",
                cancellationToken, ScheduleProjection.StreamPrefix + "%");
        }

        foreach (var id in missing)
        {
            await store.Advanced.RebuildSingleStreamAsync<FoldedSchedule>(id, cancellationToken);
        }

        if (missing.Count > 0)
        {
            Stored(logger, missing.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the snapshot of {Count} schedule streams written before snapshots were stored")]
    private static partial void Stored(ILogger logger, int count);
}
