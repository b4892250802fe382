using Joy.Application.EventStore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Instances;

public sealed partial class RunDispatcher
{
    private string Sql(string name) => SqlScripts.Get($"Instances/Sql/{name}.sql", storeOptions.Schema);

    private async Task SeedSlotsAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var node in nodes.Nodes)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql("slots_seed"))
            {
                Parameters = { new() { Value = node.Name }, new() { Value = node.MaxRunningJobs } },
            });
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<Claim?> TryClaimAsync(CancellationToken cancellationToken)
    {
        var healthy = nodes.Nodes.Where(node => node.Healthy).Select(node => node.Name).ToArray();
        await using var command = dataSource.CreateCommand(Sql("run_claim"));
        command.Parameters.Add(new() { Value = options.Owner });
        command.Parameters.Add(new() { Value = healthy });
        command.Parameters.Add(new() { Value = options.LeaseSeconds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Claim(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetBoolean(4), reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetDouble(7));
    }

    /// <summary>Keeps the lease while the container runs; a lost lease (cancelled, or taken over) stops the run.</summary>
    private async Task RenewAsync(string runId, HeldRun held, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!await RenewLeaseAsync(runId, cancellationToken) && !held.Reported)
                {
                    logger.LogInformation("Run {Run} left the queue while running (cancelled); killing it", runId);
                    held.Cancel();
                    await runner.KillAsync(runId, cancellationToken);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended or the process is stopping.
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Without renewal the lease expires and another process takes over: the database decides.
            logger.LogWarning(e, "Renewing the lease of run {Run} failed", runId);
        }
    }

    /// <summary>False when the run left the queue (its result or a cancel was recorded) or another process took it.</summary>
    private async Task<bool> RenewLeaseAsync(string runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql("lease_renew"));
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = options.Owner });
        command.Parameters.Add(new() { Value = options.LeaseSeconds });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task FreeSlotAsync(string runId)
    {
        await using var command = dataSource.CreateCommand(Sql("slot_free"));
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = _channel });
        await command.ExecuteNonQueryAsync();
        _wake.Set();
    }

    private async Task ReleaseAsync(string runId)
    {
        await using var command = dataSource.CreateCommand(Sql("run_release"));
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = options.Owner });
        command.Parameters.Add(new() { Value = _channel });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>LISTENs on the run channel: wakes the claim loop, and stops held runs that were cancelled.</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, notification) => OnNotification(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                _wake.Set(); // anything queued while not listening
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                logger.LogWarning(e, "Listening for runs failed; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void OnNotification(string payload)
    {
        if (payload.StartsWith("cancel:", StringComparison.Ordinal)
            && _held.TryGetValue(payload["cancel:".Length..], out var held) && !held.Reported)
        {
            var runId = payload["cancel:".Length..];
            held.Cancel();
            _ = Task.Run(async () =>
            {
                try
                {
                    await runner.KillAsync(runId);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Killing cancelled run {Run} failed", runId);
                }
            });
        }

        _wake.Set();
    }
}
