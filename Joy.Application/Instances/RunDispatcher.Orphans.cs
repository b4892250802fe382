using Joy.Application.Execution;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Instances;

/// <summary>
/// The orphan sweep: a container whose run is no longer live (a process died between reading a result and removing
/// the container, a node came back after its runs were failed over) is removed, every
/// <see cref="DispatcherOptions.OrphanSweep"/>. A run's owner removes its own container moments after the run
/// leaves the queue, so a container counts as orphaned only when two sweeps in a row find its run gone: the sweep
/// never races an owner that is still finishing.
/// </summary>
public sealed partial class RunDispatcher
{
    private readonly OrphanSuspects _orphanSuspects = new();

    private async Task SweepOrphansAsync(CancellationToken stoppingToken)
    {
        if (options.OrphanSweep <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.OrphanSweep, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
                var removed = await runner.RemoveOrphansAsync(LiveOrNotYetConfirmedAsync, stoppingToken);
                if (removed.Count > 0)
                {
                    LogOrphansRemoved(removed.Count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The orphan sweep failed; the next one tries again");
            }
        }
    }

    /// <summary>The runs still in the queue, and those not yet seen gone by two sweeps.</summary>
    private async Task<IReadOnlySet<string>> LiveOrNotYetConfirmedAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        var live = new HashSet<string>();
        await using (var command = dataSource.CreateCommand($"SELECT run_id FROM {storeOptions.Schema}.run_queue WHERE run_id = ANY($1)"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = runIds.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                live.Add(reader.GetString(0));
            }
        }

        return _orphanSuspects.Spare(runIds, live);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The orphan sweep removed {Count} container(s) whose run had ended")]
    private partial void LogOrphansRemoved(int count);
}

/// <summary>
/// The sweep's memory: the runs one sweep found not live. A run is given up (its container removed) only when the
/// next sweep finds it not live again; a run found live or not found at all is forgotten.
/// </summary>
public sealed class OrphanSuspects
{
    private HashSet<string> _suspects = [];

    /// <summary>Of the runs whose containers were found, those to keep: the live ones and those not live for the first time.</summary>
    public IReadOnlySet<string> Spare(IReadOnlyList<string> found, IReadOnlySet<string> live)
    {
        var gone = found.Where(id => !live.Contains(id)).ToHashSet();
        var confirmed = gone.Where(_suspects.Contains).ToHashSet();
        _suspects = gone;
        return found.Where(id => !confirmed.Contains(id)).ToHashSet();
    }
}
