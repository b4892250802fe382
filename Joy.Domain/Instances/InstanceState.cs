using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Joy.Domain.Asl;

namespace Joy.Domain.Instances;

public enum InstanceStatus
{
    NotStarted,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public enum RunStatus
{
    Requested,
    Started,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>An instance folded from its events: everything the interpreter decides from.</summary>
public sealed record InstanceState
{
    public static readonly InstanceState Initial = new();

    public InstanceStatus Status { get; init; }
    public InstanceStarted? Started { get; init; }
    public MachineDefinition? Machine { get; init; }
    public InstanceOptions Options { get; init; } = new();

    /// <summary>States being executed, by path ("Compile", "Tests[2]/Run").</summary>
    public ImmutableDictionary<string, Frame> Frames { get; init; } = ImmutableDictionary<string, Frame>.Empty;

    /// <summary>Running (sub-)machines: "" is the top level, "Tests[2]" an iteration of Map "Tests".</summary>
    public ImmutableDictionary<string, ScopeInfo> Scopes { get; init; } = ImmutableDictionary<string, ScopeInfo>.Empty;

    public ImmutableDictionary<string, RunInfo> Runs { get; init; } = ImmutableDictionary<string, RunInfo>.Empty;

    /// <summary>The last input of every top-level state entered: where a re-run starts from.</summary>
    public ImmutableDictionary<string, JsonNode?> TopLevelInputs { get; init; } = ImmutableDictionary<string, JsonNode?>.Empty;

    public int RunSequence { get; init; }
    public int TimerSequence { get; init; }

    /// <summary>How many events were folded (the stream version, the first event being 1).</summary>
    public int Version { get; init; }

    /// <summary>The execution timeout's timer, while it is pending.</summary>
    public (string TimerId, DateTimeOffset DueAt)? ExecutionTimer { get; init; }

    public JsonNode? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }

    public string InstanceId => Started?.InstanceId ?? "";

    public bool IsFinished => Status is InstanceStatus.Succeeded or InstanceStatus.Failed or InstanceStatus.Cancelled;

    /// <summary>Runs not yet finished: on cancel their containers are killed.</summary>
    public IEnumerable<RunInfo> ActiveRuns => Runs.Values.Where(r => r.IsActive).OrderBy(r => r.Sequence);

    /// <summary>Timers waiting to fire (Wait states and retries): what a timer service must schedule.</summary>
    public IEnumerable<(string TimerId, DateTimeOffset DueAt)> PendingTimers =>
        Frames.Values.Where(f => f.TimerId is not null).Select(f => (f.TimerId!, f.DueAt!.Value))
            .Concat(ExecutionTimer is { } timer ? [timer] : []);
}

/// <summary>One state being executed; <see cref="Entry"/> tells apart two visits of the same path.</summary>
public sealed record Frame(string Path, string Scope, StateDefinition State, JsonNode? Input, DateTimeOffset EnteredAt, int Entry)
{
    public int Attempt { get; init; } = 1;
    public ImmutableDictionary<int, int> RetrierAttempts { get; init; } = ImmutableDictionary<int, int>.Empty;
    public string? RunId { get; init; }
    public string? TimerId { get; init; }
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Parallel/Map: how many branches, which started next, results by index.</summary>
    public int ChildCount { get; init; }
    public int NextChild { get; init; }
    public ImmutableDictionary<int, JsonNode?> ChildResults { get; init; } = ImmutableDictionary<int, JsonNode?>.Empty;

    public int RunningChildren => NextChild - ChildResults.Count;
}

public sealed record ScopeInfo(string Id, string? ParentPath, int Index, MachineDefinition Machine);

public sealed record RunInfo(string RunId, string Path, int Attempt, int Sequence, RunStatus Status)
{
    public string? Node { get; init; }
    public string? ContainerId { get; init; }

    public bool IsActive => Status is RunStatus.Requested or RunStatus.Started;
}
