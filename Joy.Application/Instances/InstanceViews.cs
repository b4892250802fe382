using System.Text.Json.Nodes;

namespace Joy.Application.Instances;

/// <summary>An instance as <c>GET /api/v1/StateMachineInstance/{id}</c> shows it.</summary>
public sealed record InstanceView(
    string Id,
    string Name,
    int StateMachineVersion,
    string Status,
    IReadOnlyList<string> CurrentStates,
    JsonNode? Input,
    JsonNode? Output,
    string? Error,
    string? Cause,
    int Priority,
    JsonNode? Parameters,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? IdempotencyKey,
    IReadOnlyList<RunView> Runs);

/// <summary>One actor run: where, how it went, its files as <c>{id, name, tag}</c> and its log blob.</summary>
public sealed record RunView(
    string RunId,
    string State,
    int Attempt,
    string Actor,
    string Status,
    string? Node,
    string? ContainerId,
    IReadOnlyList<FileRef> Inputs,
    IReadOnlyList<FileRef> Outputs,
    long? ExitCode,
    bool? OomKilled,
    bool? TimedOut,
    string? TimeoutReason,
    long? DurationMs,
    long? CpuTimeMs,
    long? PeakMemoryBytes,
    long? WallTimeMs,
    string? Error,
    string? Cause,
    string? LogBlob,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

public sealed record FileRef(string Id, string Name, string? Tag);

/// <summary>Instance statuses as the API names them.</summary>
public static class InstanceStatuses
{
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
}
