using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Services;

namespace Joy.Application.EventStore;

/// <summary>
/// Wakes Marten's high-water agent when this process has appended, instead of letting it sleep out
/// its slow polling interval. The agent sleeps <c>SlowPollingTime</c> whenever it finds the log
/// caught up, which at a steady 1,000 events/s happened 20-40 times in 10 s, each time leaving the
/// events that followed unseen for up to that long. A pulse ends such a wait once
/// <c>FastPollingTime</c> has passed, so while events arrive the agent polls at the fast cadence and
/// never faster (each poll is several statements), and a quiet log still costs one poll per slow
/// interval. Every session of the store (the event store's, Wolverine's handlers') tells it through
/// <see cref="AfterCommitAsync"/>. In-process only: PostgreSQL serialises the commits of notifying transactions, so
/// Marten's LISTEN/NOTIFY wakeup is off; appends from other processes are found by polling.
/// </summary>
/// <param name="minimumWait">How long every wait lasts at least: the daemon's fast polling time.</param>
public sealed class AppendWakeup(TimeSpan minimumWait) : DocumentSessionListenerBase, IDaemonWakeup
{
    private readonly SemaphoreSlim _pulse = new(0, 1); // sticky: a pulse during a poll wakes the next wait

    /// <summary>Events were committed: the next wait of the agent may end early.</summary>
    public void Pulse()
    {
        if (_pulse.CurrentCount != 0)
        {
            return;
        }

        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
            // another append pulsed at the same moment: one wake is enough
        }
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any())
        {
            Pulse();
        }

        return Task.CompletedTask;
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token)
    {
        var minimum = timeout < minimumWait ? timeout : minimumWait;
        await Task.Delay(minimum, token);
        if (timeout > minimum)
        {
            await _pulse.WaitAsync(timeout - minimum, token);
        }
    }

    public void Dispose()
    {
        // Marten disposes the wakeup with the daemon; the semaphore lives as long as the process.
    }
}
