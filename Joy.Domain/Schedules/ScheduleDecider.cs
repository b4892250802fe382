using System.Text.Json.Nodes;
using Joy.Domain.Definitions;

namespace Joy.Domain.Schedules;

public abstract record ScheduleCommand;

/// <summary>A schedule the application has checked whole (cron, time zone, state machine, blobs).</summary>
public sealed record DefineSchedule(ScheduleDefinition Schedule) : ScheduleCommand;

public sealed record ChangeSchedule(ScheduleDefinition Schedule) : ScheduleCommand;

public sealed record PauseSchedule(string Name) : ScheduleCommand;

public sealed record ResumeSchedule(string Name) : ScheduleCommand;

public sealed record DeleteSchedule(string Name) : ScheduleCommand;

/// <summary>What a tick does, given the schedule's last instance.</summary>
public abstract record TickDecision
{
    public sealed record Start : TickDecision;

    public sealed record CancelThenStart(string Previous) : TickDecision;

    public sealed record Buffer(string Reason) : TickDecision;

    public sealed record Skip(string Reason) : TickDecision;
}

public static class ScheduleDecider
{
    private const string Kind = "Schedule";

    public static IReadOnlyList<ScheduleEvent> Decide(ScheduleCommand command, ScheduleState state, DateTimeOffset now) =>
        (command, state) switch
        {
            (DefineSchedule define, { Exists: true }) => throw new DefinitionAlreadyExistsException(Kind, define.Schedule.Name!),
            (DefineSchedule define, _) => [new ScheduleDefined(define.Schedule.Normalized(), now)],
            (ChangeSchedule change, { Current: { } current }) =>
                JsonNode.DeepEquals(DomainJson.ToNode(change.Schedule.Normalized()), DomainJson.ToNode(current))
                    ? []
                    : [new ScheduleChanged(change.Schedule.Normalized(), now)],
            (PauseSchedule, { Current.Paused: true }) => [],
            (PauseSchedule pause, { Exists: true }) => [new SchedulePaused(pause.Name, now)],
            (ResumeSchedule, { Current.Paused: false }) => [],
            (ResumeSchedule resume, { Exists: true }) => [new ScheduleResumed(resume.Name, now)],
            (DeleteSchedule delete, { Exists: true }) => [new ScheduleDeleted(delete.Name, now)],
            _ => throw new DefinitionNotFoundException(Kind, NameOf(command)),
        };

    /// <summary>
    /// PATCH: an RFC 7396 merge patch over the current schedule. The name cannot change; whether the
    /// result is a valid schedule is the caller's check, like a PUT's.
    /// </summary>
    public static ScheduleDefinition Merge(ScheduleState state, string name, JsonObject patch)
    {
        var current = state.Current ?? throw new DefinitionNotFoundException(Kind, name);
        var merged = DomainJson.FromNode<ScheduleDefinition>(DomainJson.MergePatch(DomainJson.ToNode(current), patch))!;
        return merged.Name == current.Name
            ? merged
            : throw new DefinitionInvalidException([new("/name", "name cannot be changed; define a new schedule instead.")]);
    }

    /// <summary>
    /// The overlap policy: a tick while <paramref name="lastStillRunning"/> starts, cancels the last one first,
    /// waits as the one buffered tick, or is skipped.
    /// </summary>
    public static TickDecision Overlap(ScheduleState state, bool lastStillRunning)
    {
        if (!lastStillRunning || state.LastInstanceId is not { } last)
        {
            return new TickDecision.Start();
        }

        var running = $"the previous instance {last} is still running";
        return state.Current!.Overlap switch
        {
            OverlapPolicy.Allow => new TickDecision.Start(),
            OverlapPolicy.CancelPrevious => new TickDecision.CancelThenStart(last),
            OverlapPolicy.BufferOne when state.BufferedTick is null => new TickDecision.Buffer($"{running}; fires when it ends"),
            OverlapPolicy.BufferOne => new TickDecision.Skip($"{running} and tick {state.BufferedTick:O} already waits for it"),
            _ => new TickDecision.Skip(running),
        };
    }

    private static string NameOf(ScheduleCommand command) => command switch
    {
        ChangeSchedule c => c.Schedule.Name ?? "",
        PauseSchedule p => p.Name,
        ResumeSchedule r => r.Name,
        DeleteSchedule d => d.Name,
        _ => "",
    };
}
