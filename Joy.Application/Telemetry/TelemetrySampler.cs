using Joy.Application.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.Persistence.Durability;

namespace Joy.Application.Telemetry;

/// <summary>
/// Reads the gauges' database state every <see cref="TelemetryOptions.SampleInterval"/> in one round trip,
/// so a scrape (or several scrapers) reads memory and never holds a connection; a gauge is at most one
/// interval old. Idle when telemetry is off. A sample that fails, whatever the failure, or outlasts
/// <see cref="SampleTimeout"/> (a lock it waits behind, a pool with no connection) is logged and abandoned, and the
/// next tick samples again: the gauges keep their last values meanwhile but never stop moving for good.
/// </summary>
public sealed class TelemetrySampler(
    NpgsqlDataSource dataSource,
    EventStoreOptions storeOptions,
    TelemetryOptions options,
    IMessageStore messages,
    ILogger<TelemetrySampler> logger) : BackgroundService
{
    private readonly string _sql = SqlScripts.Get("Telemetry/Sql/telemetry_sample.sql", storeOptions.Schema);

    public TelemetrySample Current { get; private set; } = TelemetrySample.Empty;

    /// <summary>The longest one sample may take: two intervals, and at least five seconds.</summary>
    public TimeSpan SampleTimeout => TimeSpan.FromSeconds(Math.Max(5, 2 * options.SampleSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.SampleInterval);
        do
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                deadline.CancelAfter(SampleTimeout);
                Current = await ReadAsync(deadline.Token);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sampling the telemetry gauges failed or took over {Timeout}; keeping the last sample", SampleTimeout);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<TelemetrySample> ReadAsync(CancellationToken cancellationToken)
    {
        var queue = new List<(int, long)>();
        var slots = new List<(string, long, long)>();
        var instances = new List<(string, long)>();
        var lag = new List<(string, long)>();
        await using (var command = dataSource.CreateCommand(_sql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                queue.Add((reader.GetInt32(0), reader.GetInt64(1)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                slots.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                instances.Add((reader.GetString(0), reader.GetInt64(1)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lag.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var counts = await messages.Admin.FetchCountsAsync().WaitAsync(cancellationToken);
        return new TelemetrySample(queue, slots, instances, lag, counts.DeadLetter);
    }
}
