using System.Text.Json;
using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain;
using Joy.Domain.Schedules;
using Npgsql;

namespace Joy.Application.Schedules;

/// <summary>A schedule as the read model has it: its folded state at a version, and its next fire time.</summary>
public sealed record ScheduleRecord(string Name, ScheduleState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? NextFireAt)
{
    public ScheduleDefinition Schedule => State.Current!;
}

/// <summary>What became of one tick; <see cref="InstanceStatus"/> is the instance's status now.</summary>
public sealed record ScheduleFire(DateTimeOffset Tick, string Kind, string Outcome, string? InstanceId, string? InstanceStatus,
    string? Reason, int Count, DateTimeOffset At);

/// <summary>Reads <c>schedules</c> and <c>schedule_fires</c> (written inline, so never behind a command).</summary>
public sealed class ScheduleQueries(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private const string Columns = "name, state, created_at, updated_at, next_fire_at";

    private string Schema => options.Schema;

    /// <summary>The schedule's state, deleted or not; null when it never existed.</summary>
    public async Task<ScheduleRecord?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        (await ReadAsync($"SELECT {Columns} FROM {Schema}.schedules WHERE name = $1", [name], cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<ScheduleRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {Columns} FROM {Schema}.schedules WHERE NOT deleted ORDER BY name", [], cancellationToken);

    /// <summary>Schedules with a cron tick due by <paramref name="now"/>, or a buffered tick that may be waiting to fire.</summary>
    public Task<IReadOnlyList<ScheduleRecord>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {Columns} FROM {Schema}.schedules WHERE NOT deleted AND NOT paused AND (next_fire_at <= $1 OR buffered) ORDER BY name",
            [now], cancellationToken);

    /// <summary>The earliest next fire time of all schedules, if any.</summary>
    public async Task<DateTimeOffset?> EarliestNextFireAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT min(next_fire_at) FROM {Schema}.schedules WHERE NOT deleted AND NOT paused");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    public Task<IReadOnlyList<ScheduleFire>> RecentFiresAsync(string name, int limit, CancellationToken cancellationToken = default) =>
        FiresAsync("WHERE f.name = $1 ORDER BY f.seq DESC LIMIT $2", [name, limit], cancellationToken);

    /// <summary>
    /// The latest backfill record of each of <paramref name="ticks"/>, oldest tick first: what one backfill call did, even
    /// while the firing agent records cron ticks beside it.
    /// </summary>
    public Task<IReadOnlyList<ScheduleFire>> BackfillFiresAsync(string name, DateTimeOffset[] ticks, CancellationToken cancellationToken = default) =>
        FiresAsync($"WHERE f.name = $1 AND f.kind = '{Domain.Schedules.TickKind.Backfill}' AND f.tick = ANY($2) ORDER BY f.tick, f.seq DESC",
            [name, ticks], cancellationToken, distinctTicks: true);

    private async Task<IReadOnlyList<ScheduleFire>> FiresAsync(string where, object[] parameters, CancellationToken cancellationToken,
        bool distinctTicks = false)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {(distinctTicks ? "DISTINCT ON (f.tick) " : "")}f.tick, f.kind, f.outcome, f.instance_id, i.status, f.reason, f.count, f.at " +
            $"FROM {Schema}.schedule_fires f LEFT JOIN {Schema}.instances i ON i.id = f.instance_id {where}");
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var fires = new List<ScheduleFire>();
        while (await r.ReadAsync(cancellationToken))
        {
            fires.Add(new ScheduleFire(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5),
                r.GetInt32(6), r.GetFieldValue<DateTimeOffset>(7)));
        }

        return fires;
    }

    /// <summary>Whether the instance has not ended yet (an overlap policy's question).</summary>
    public async Task<bool> IsRunningAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT status FROM {Schema}.instances WHERE id = $1");
        command.Parameters.Add(new() { Value = instanceId });
        return await command.ExecuteScalarAsync(cancellationToken) as string == Instances.InstanceStatuses.Running;
    }

    private async Task<IReadOnlyList<ScheduleRecord>> ReadAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ScheduleRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            records.Add(new ScheduleRecord(r.GetString(0), JsonSerializer.Deserialize<ScheduleState>(r.GetString(1), DomainJson.Options)!,
                r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<DateTimeOffset>(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4)));
        }

        return records;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
