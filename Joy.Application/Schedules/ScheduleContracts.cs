using System.Text.Json.Nodes;
using Joy.Domain.Schedules;

namespace Joy.Application.Schedules;

/// <summary>A schedule as the API shows it: what was defined, its version, the next five ticks and what its ticks did.</summary>
public sealed record ScheduleResponse(
    string Name,
    string Cron,
    string TimeZone,
    string StateMachine,
    JsonNode? Input,
    IReadOnlyList<ScheduleBlob> InitialBlobs,
    JsonObject? Parameters,
    int Priority,
    string Overlap,
    int CatchupWindowSeconds,
    bool Paused,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DateTimeOffset> NextFireTimes,
    ScheduleFire? LastFire,
    IReadOnlyList<ScheduleFire>? RecentFires)
{
    public const int NextCount = 5;

    public static ScheduleResponse From(ScheduleRecord record, IReadOnlyList<ScheduleFire> fires, bool withRecent)
    {
        var s = record.Schedule;
        var next = record.NextFireAt is { } first
            ? [first, .. CronTicks.Of(s.Cron!, s.TimeZone!).Next(first, NextCount - 1)]
            : Array.Empty<DateTimeOffset>();
        return new(record.Name, s.Cron!, s.TimeZone!, s.StateMachine!, s.Input, s.InitialBlobs ?? [], s.Parameters, s.Priority, s.Overlap!,
            s.CatchupWindowSeconds, s.Paused, record.State.Version, record.CreatedAt, record.UpdatedAt, next, fires.FirstOrDefault(),
            withRecent ? fires : null);
    }
}

/// <summary>POST .../backfill: the cron's ticks in [from, to] fired once each, by <see cref="Overlap"/> (the schedule's when absent).</summary>
public sealed record BackfillRequest(DateTimeOffset? From, DateTimeOffset? To, string? Overlap = null);

/// <summary>What a backfill did with each tick, oldest first.</summary>
public sealed record BackfillResponse(IReadOnlyList<ScheduleFire> Fires);

/// <summary>One event of a schedule's stream.</summary>
public sealed record ScheduleHistoryEvent(long Version, string Type, JsonNode? Data, DateTimeOffset Timestamp, string? Actor);
