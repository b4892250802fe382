using Joy.Application.EventStore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wolverine.Runtime.Agents;

namespace Joy.Application.Schedules;

/// <summary>
/// Fires the schedules' ticks, in exactly one process: a Wolverine singular agent, which Wolverine's leader
/// assigns to one live node and moves to another when that node's heartbeat stops (<c>Joy:Messaging</c>'s
/// timings: a dead process is replaced within seconds). It sleeps until the earliest next tick (at most
/// <see cref="ScheduleOptions.MaxSleep"/>, to notice new schedules and ended instances), then fires what is
/// due. Even two agents at once (a partition) could not fire a tick twice: each tick's record is appended
/// at the schedule's version, and each tick's instance has the tick's idempotency key.
/// </summary>
public sealed class ScheduleFiringAgent(
    ScheduleQueries queries,
    ScheduleService schedules,
    IOptions<ScheduleOptions> options,
    TimeProvider time,
    ILogger<ScheduleFiringAgent> logger) : SingularAgent("joy-schedules")
{
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    protected override Task startAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        var since = time.GetUtcNow();
        _loop = Task.Run(() => LoopAsync(since, _stopping.Token), CancellationToken.None);
        logger.LogInformation("Firing schedules from this process, catching up ticks missed before {Since:O}", since);
        return Task.CompletedTask;
    }

    protected override async Task stopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _stopping = null;
        logger.LogInformation("Stopped firing schedules from this process");
    }

    private async Task LoopAsync(DateTimeOffset firingSince, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(firingSince, stopping);
                await Task.Delay(await SleepAsync(stopping), time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Firing schedules failed; trying again in {Delay}", options.Value.MaxSleep);
                await Task.Delay(options.Value.MaxSleep, time, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task FireDueAsync(DateTimeOffset firingSince, CancellationToken stopping)
    {
        var now = time.GetUtcNow();
        foreach (var schedule in await queries.DueAsync(now, stopping))
        {
            try
            {
                await schedules.FireDueAsync(schedule, now, firingSince, stopping);
            }
            catch (WrongExpectedVersionException)
            {
                // changed, triggered or deleted meanwhile: read again on the next round, at once
            }
        }
    }

    private async Task<TimeSpan> SleepAsync(CancellationToken stopping)
    {
        var max = options.Value.MaxSleep;
        if (await queries.EarliestNextFireAsync(stopping) is not { } next)
        {
            return max;
        }

        var until = next - time.GetUtcNow();
        return until <= TimeSpan.Zero ? TimeSpan.Zero : until < max ? until : max;
    }
}
