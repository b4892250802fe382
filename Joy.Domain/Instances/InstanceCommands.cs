using System.Text.Json.Nodes;
using Joy.Domain.Definitions;

namespace Joy.Domain.Instances;

public abstract record InstanceCommand;

/// <summary>The application loads the state machine version and the actors it names, then starts.</summary>
public sealed record StartInstance(string InstanceId, StateMachineDefinition StateMachine, int StateMachineVersion,
    IReadOnlyDictionary<string, ActorDefinition> Actors, JsonNode? Input, InstanceOptions Options) : InstanceCommand;

/// <param name="At">When the container was placed, if reported later than that; default: now.</param>
public sealed record MarkActorRunStarted(string RunId, string Node, string ContainerId, DateTimeOffset? At = null) : InstanceCommand;

/// <summary>
/// The container finished (any exit code). <paramref name="Result"/>: <c>{exitCode, oomKilled,
/// timedOut, timeoutReason, durationMs, cpuTimeMs, peakMemoryBytes, wallTimeMs, node, outputs, log, data}</c>;
/// the interpreter decides success or error (a timeout, by CPU or wall clock, is <c>States.Timeout</c>).
/// </summary>
public sealed record CompleteActorRun(string RunId, JsonNode Result) : InstanceCommand;

/// <summary>The run produced no result (e.g. <c>Joy.NodeLost</c>, image missing).</summary>
public sealed record FailActorRun(string RunId, string Error, string Cause) : InstanceCommand;

public sealed record FireTimer(string TimerId) : InstanceCommand;

public sealed record CancelInstance(string Reason = "Cancelled by request") : InstanceCommand;

/// <summary>Re-enter top-level <paramref name="FromState"/> with the input it had; replaces parameters when given.</summary>
public sealed record RerunInstance(string FromState, JsonObject? Parameters = null) : InstanceCommand;

/// <summary>
/// A callback attempt made; <paramref name="RetryAfter"/>: how long until the next one, when there is one. The
/// next attempt is scheduled once this is recorded, so its time is counted from the record (the event's time),
/// never from before it.
/// </summary>
public sealed record RecordCallbackAttempt(int Attempt, int? Status, string? Error, TimeSpan? RetryAfter = null) : InstanceCommand;

/// <summary>A command the instance cannot accept in its state (HTTP 400/409).</summary>
public sealed class InstanceCommandRejectedException(string message) : Exception(message);
