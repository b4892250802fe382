using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// Wakes subscribers (LISTEN on <see cref="EventStoreOptions.NotificationChannel"/>) after appends
/// commit. NOTIFY is not sent inside the append: PostgreSQL serialises every notifying commit on
/// one lock, held through the WAL flush, which caps concurrent appends at the rate of one writer.
/// Instead each commit signals here and one NOTIFY at a time goes out; signals arriving while one
/// is in flight coalesce into the next. Every commit is followed by a NOTIFY sent after it.
/// If the process dies between a commit and its NOTIFY, subscribers' slow poll picks it up.
/// </summary>
internal sealed class AppendNotifier(NpgsqlDataSource dataSource, string channel)
{
    private const int Idle = 0, Sending = 1, SendingAndPending = 2;
    private int _state;

    public void Signal()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == SendingAndPending)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    _ = Task.Run(SendLoopAsync);
                }

                return;
            }
        }
    }

    private async Task SendLoopAsync()
    {
        do
        {
            // Signals from here on need another NOTIFY after this one.
            Interlocked.Exchange(ref _state, Sending);
            try
            {
                // A NOTIFY needs no durability: skipping the WAL flush keeps it from costing a
                // second fsync per append.
                await using var command = dataSource.CreateCommand(
                    "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')");
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // Subscribers still find the events by their slow poll; a lost wake-up only delays.
            }
        }
        while (Interlocked.CompareExchange(ref _state, Idle, Sending) != Sending);
    }
}
