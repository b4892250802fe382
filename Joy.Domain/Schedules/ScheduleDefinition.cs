using System.Text.Json.Nodes;

namespace Joy.Domain.Schedules;

/// <summary>
/// A schedule: start an instance of <see cref="StateMachine"/> on every tick of <see cref="Cron"/> (5 fields,
/// or 6 with seconds) in <see cref="TimeZone"/> (IANA, UTC when absent), with the same input, files,
/// parameters and priority each time. <see cref="Overlap"/> says what a tick does while the last instance
/// still runs; <see cref="CatchupWindowSeconds"/> how late a tick missed while no process ran may still fire.
/// </summary>
public sealed record ScheduleDefinition(
    string? Name,
    string? Cron,
    string? StateMachine,
    string? TimeZone = null,
    JsonNode? Input = null,
    IReadOnlyList<ScheduleBlob>? InitialBlobs = null,
    JsonObject? Parameters = null,
    int Priority = 0,
    string? Overlap = null,
    int CatchupWindowSeconds = ScheduleDefinition.DefaultCatchupWindowSeconds,
    bool Paused = false)
{
    public const int DefaultCatchupWindowSeconds = 60;

    /// <summary>The time zone and overlap policy spelled out, so a stored schedule never depends on a default.</summary>
    public ScheduleDefinition Normalized() => this with
    {
        TimeZone = string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone,
        Overlap = string.IsNullOrWhiteSpace(Overlap) ? OverlapPolicy.Skip : Overlap,
    };
}

/// <summary>A file every fired instance starts with (as <c>initialBlobs</c> of a start request).</summary>
public sealed record ScheduleBlob(string? Id, string? Name, string? Tag = null);

/// <summary>What a tick does while the schedule's last instance is still running.</summary>
public static class OverlapPolicy
{
    /// <summary>Start another instance anyway.</summary>
    public const string Allow = "Allow";

    /// <summary>Start nothing; the tick is recorded as skipped (the default).</summary>
    public const string Skip = "Skip";

    /// <summary>Keep this one tick and fire it when the last instance ends; further ticks meanwhile are skipped.</summary>
    public const string BufferOne = "BufferOne";

    /// <summary>Cancel the running instance, then start the new one.</summary>
    public const string CancelPrevious = "CancelPrevious";

    public static IReadOnlyList<string> All { get; } = [Allow, Skip, BufferOne, CancelPrevious];
}
