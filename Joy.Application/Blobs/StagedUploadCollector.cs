using Joy.Application.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Joy.Application.Blobs;

/// <summary>
/// Deletes staged blob uploads that never published (a crashed process, a discard that failed),
/// with their chunks: at startup, then every <see cref="BlobOptions.StagedUploadSweepInterval"/>.
/// Uploads younger than <see cref="BlobOptions.StagedUploadMaxAge"/> are left alone; one older that
/// is still running fails cleanly when it next writes or publishes.
/// </summary>
public sealed class StagedUploadCollector(
    NpgsqlDataSource dataSource, IOptions<BlobOptions> options, EventStoreOptions storeOptions, ILogger<StagedUploadCollector> logger)
    : BackgroundService
{
    private readonly BlobSql _sql = new(storeOptions.Schema);

    /// <summary>Deletes staged uploads started more than <paramref name="olderThan"/> ago; returns how many.</summary>
    public async Task<int> CollectAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_sql.CollectUploads);
        command.Parameters.Add(new NpgsqlParameter { Value = olderThan });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StagedUploadSweepInterval);
        do
        {
            try
            {
                var collected = await CollectAsync(options.Value.StagedUploadMaxAge, stoppingToken);
                if (collected > 0)
                {
                    logger.LogInformation("Collected {Count} abandoned staged blob uploads", collected);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // The database may be briefly away; the next sweep tries again.
                logger.LogWarning(exception, "Collecting abandoned staged blob uploads failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
