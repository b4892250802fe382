using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Subscriptions;

public sealed partial class SubscriptionRunner
{
    /// <summary>
    /// The consuming loop, on the connection that holds the lock. Caught up, it sleeps until a
    /// NOTIFY (sent after each append commits) or the slow poll. While committed events are held back by
    /// an older open transaction it re-checks on a short, growing back-off instead: that
    /// transaction may roll back, which notifies nobody.
    /// </summary>
    private async Task ConsumeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        connection.Notification += (_, _) => Volatile.Write(ref _notified, 1);
        await using (var listen = new NpgsqlCommand($"LISTEN {storeOptions.NotificationChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        var checkpoint = await checkpoints.LoadAsync(Name, cancellationToken);
        var recheck = options.HeldBackFirstRecheck;
        while (true)
        {
            Volatile.Write(ref _notified, 0);
            var page = await store.ReadAllAsync(connection, checkpoint, options.BatchSize, includeArchived: true, cancellationToken);
            if (page.Events.Count > 0)
            {
                checkpoint = await processor.ProcessAsync(page.Events, checkpoint, page.Next, cancellationToken)
                    ? page.Next
                    : await checkpoints.LoadAsync(Name, cancellationToken);
                recheck = options.HeldBackFirstRecheck;
                continue;
            }

            TimeSpan wait;
            if (page.HeldBack)
            {
                wait = recheck;
                recheck = TimeSpan.FromTicks(Math.Min(recheck.Ticks * 2, options.HeldBackMaxRecheck.Ticks));
            }
            else
            {
                wait = options.PollInterval;
                recheck = options.HeldBackFirstRecheck;
            }

            if (Volatile.Read(ref _notified) == 0)
            {
                await connection.WaitAsync(wait, cancellationToken);
            }
        }
    }
}
