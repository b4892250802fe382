using System.Text.Json.Nodes;
using Joy.Domain.Definitions;

namespace Joy.Domain.Instances;

// An instance's life. Paths name states inside nested scopes: "Compile", "Tests[2]/Run"
// (Map "Tests", iteration 2), "Par[0]/A" (Parallel "Par", branch 0).

public abstract record InstanceEvent(DateTimeOffset At);

/// <summary>Options the client chose at start; <see cref="Parameters"/> is the original service's free-form bag.</summary>
/// <param name="Limitation">The instance's own container limits: over its actors' and its state machine's, key by key.</param>
public sealed record InstanceOptions(int Priority = 0, string? CallbackHost = null, bool Debug = false,
    string? IdempotencyKey = null, JsonObject? Parameters = null, Limitation? Limitation = null);

/// <summary>Pins the definition and the actors as they were at start: later changes never affect it.</summary>
[EventType("instance.started.v1")]
public sealed record InstanceStarted(string InstanceId, string StateMachineName, int StateMachineVersion,
    JsonNode Definition, Limitation? Limitation, IReadOnlyDictionary<string, ActorDefinition> Actors,
    JsonNode? Input, InstanceOptions Options, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.state-entered.v1")]
public sealed record StateEntered(string Path, string Scope, string StateName, string StateType, JsonNode? Input,
    DateTimeOffset At) : InstanceEvent(At);

/// <summary>A Parallel or Map state fans out into <paramref name="Count"/> branches / iterations.</summary>
[EventType("instance.branches-planned.v1")]
public sealed record BranchesPlanned(string Path, int Count, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.branch-started.v1")]
public sealed record BranchStarted(string Path, int Index, JsonNode? Input, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.branch-succeeded.v1")]
public sealed record BranchSucceeded(string Path, int Index, JsonNode? Output, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.branch-failed.v1")]
public sealed record BranchFailed(string Path, int Index, string Error, string Cause, DateTimeOffset At) : InstanceEvent(At);

/// <summary>
/// Work for the executor, self-contained: the actor snapshot carries the merged limits (state machine
/// defaults, the actor's own, the instance's, the Task's TimeoutSeconds); <paramref name="Files"/> maps
/// file names to blob ids; <paramref name="Priority"/> and <paramref name="Debug"/> are the instance's.
/// </summary>
[EventType("instance.actor-run-requested.v1")]
public sealed record ActorRunRequested(string RunId, string Path, int Attempt, ActorDefinition Actor, JsonNode? Input,
    IReadOnlyDictionary<string, string> Files, int Priority, DateTimeOffset At, bool Debug = false) : InstanceEvent(At);

[EventType("instance.actor-run-started.v1")]
public sealed record ActorRunStarted(string RunId, string Node, string ContainerId, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.actor-run-succeeded.v1")]
public sealed record ActorRunSucceeded(string RunId, JsonNode? Result, DateTimeOffset At) : InstanceEvent(At);

/// <summary>The run ended in an error; <paramref name="Result"/> is there when the container did finish.</summary>
[EventType("instance.actor-run-failed.v1")]
public sealed record ActorRunFailed(string RunId, string Error, string Cause, JsonNode? Result, DateTimeOffset At) : InstanceEvent(At);

/// <summary>The run is no longer wanted (cancel, a sibling branch failed, re-run): kill its container.</summary>
[EventType("instance.actor-run-cancelled.v1")]
public sealed record ActorRunCancelled(string RunId, string Reason, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.retry-scheduled.v1")]
public sealed record RetryScheduled(string Path, string TimerId, int Attempt, int RetrierIndex, string Error, string Cause,
    DateTimeOffset DueAt, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.wait-started.v1")]
public sealed record WaitStarted(string Path, string TimerId, DateTimeOffset DueAt, DateTimeOffset At) : InstanceEvent(At);

/// <summary>The state machine's own TimeoutSeconds: when this timer fires first, the instance fails with States.Timeout.</summary>
[EventType("instance.execution-timeout-scheduled.v1")]
public sealed record ExecutionTimeoutScheduled(string TimerId, DateTimeOffset DueAt, DateTimeOffset At) : InstanceEvent(At);

/// <summary>A timer fired; <paramref name="Path"/> is the waiting state, or empty for the execution timeout.</summary>
[EventType("instance.timer-fired.v1")]
public sealed record TimerFired(string TimerId, string Path, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.state-exited.v1")]
public sealed record StateExited(string Path, JsonNode? Output, string? Next, DateTimeOffset At) : InstanceEvent(At);

/// <summary>A state ended in an error; <paramref name="CaughtBy"/> is the Catch's Next when one handled it.</summary>
[EventType("instance.state-failed.v1")]
public sealed record StateFailed(string Path, string Error, string Cause, string? CaughtBy, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.succeeded.v1")]
public sealed record InstanceSucceeded(JsonNode? Output, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.failed.v1")]
public sealed record InstanceFailed(string Error, string Cause, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.cancelled.v1")]
public sealed record InstanceCancelled(string Reason, IReadOnlyList<string> KilledRunIds, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.rerun-requested.v1")]
public sealed record RerunRequested(string FromState, JsonObject? Parameters, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.callback-delivered.v1")]
public sealed record CallbackDelivered(int Attempt, int Status, DateTimeOffset At) : InstanceEvent(At);

[EventType("instance.callback-failed.v1")]
public sealed record CallbackFailed(int Attempt, int? Status, string Error, DateTimeOffset? NextAttemptAt, DateTimeOffset At) : InstanceEvent(At);
