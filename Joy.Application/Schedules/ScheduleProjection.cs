using System.Text.Json;
using Joy.Application.EventStore;
using Joy.Application.Projections;
using Joy.Domain;
using Joy.Domain.Schedules;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Schedules;

/// <summary>
/// Keeps <c>schedules</c> (the folded <see cref="ScheduleState"/> and its next fire time) and
/// <c>schedule_fires</c> inline, in the append's transaction: the firing agent and a GET see a change at once,
/// and a fire's version check against the row is a check against the stream. Rebuildable.
/// </summary>
public sealed class ScheduleProjection(EventStoreOptions options) : IAsyncProjection
{
    public const string StreamPrefix = "schedule-";

    public string Name => "schedules";

    public IReadOnlyList<string> Tables => [$"{options.Schema}.schedules", $"{options.Schema}.schedule_fires"];

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            if (stored.Data is not ScheduleEvent @event || !stored.StreamId.StartsWith(StreamPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = stored.StreamId[StreamPrefix.Length..];
            var state = ScheduleState.Evolve(await LoadAsync(connection, transaction, name, cancellationToken), @event);
            await SaveAsync(connection, transaction, name, state, stored.Timestamp, cancellationToken);
            if (Fire(@event) is { } fire)
            {
                await using var insert = new NpgsqlCommand(
                    $"INSERT INTO {options.Schema}.schedule_fires (name, seq, tick, kind, outcome, instance_id, reason, count, at) " +
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING", connection, transaction)
                {
                    Parameters =
                    {
                        new() { Value = name }, new() { Value = stored.Sequence }, new() { Value = fire.Tick }, new() { Value = fire.Kind },
                        new() { Value = fire.Outcome }, new() { Value = (object?)fire.InstanceId ?? DBNull.Value },
                        new() { Value = (object?)fire.Reason ?? DBNull.Value }, new() { Value = fire.Count }, new() { Value = stored.Timestamp },
                    },
                };
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private async Task<ScheduleState> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand($"SELECT state FROM {options.Schema}.schedules WHERE name = $1", connection, transaction)
        {
            Parameters = { new() { Value = name } },
        };
        return await select.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<ScheduleState>(json, DomainJson.Options)!
            : ScheduleState.Initial;
    }

    private async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, ScheduleState state,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var upsert = new NpgsqlCommand(
            $"INSERT INTO {options.Schema}.schedules (name, version, state, deleted, paused, next_fire_at, buffered, created_at, updated_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (name) DO UPDATE SET version = $2, state = $3, deleted = $4, " +
            "paused = $5, next_fire_at = $6, buffered = $7, updated_at = $8", connection, transaction)
        {
            Parameters =
            {
                new() { Value = name }, new() { Value = (long)state.Version },
                new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(state, DomainJson.Options) },
                new() { Value = !state.Exists }, new() { Value = state.Current?.Paused ?? false },
                new() { Value = (object?)NextFireAt(state) ?? DBNull.Value }, new() { Value = state.BufferedTick is not null },
                new() { Value = at },
            },
        };
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The next cron tick after the cursor; none while paused or deleted.</summary>
    public static DateTimeOffset? NextFireAt(ScheduleState state) =>
        state is { Current: { Paused: false } schedule, Cursor: { } cursor }
            ? CronTicks.Of(schedule.Cron!, schedule.TimeZone!).Next(cursor)
            : null;

    private sealed record FireRow(DateTimeOffset Tick, string Kind, string Outcome, string? InstanceId, string? Reason, int Count = 1);

    private static FireRow? Fire(ScheduleEvent @event) => @event switch
    {
        ScheduleTickFired e => new(e.Tick, e.Kind, "Started", e.InstanceId,
            e.CancelledInstanceId is { } cancelled ? $"cancelled the previous instance {cancelled}" : null),
        ScheduleTickSkipped e => new(e.Tick, e.Kind, "Skipped", null, e.Reason),
        ScheduleTickBuffered e => new(e.Tick, e.Kind, "Buffered", null, e.Reason),
        ScheduleTickFailed e => new(e.Tick, e.Kind, "Failed", null, e.Reason),
        ScheduleTicksMissed e => new(e.LastTick, TickKind.Cron, "Missed", null, e.Reason, e.Count),
        _ => null,
    };
}
