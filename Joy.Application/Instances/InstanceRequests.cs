using System.Text.Json.Nodes;
using Joy.Domain.Definitions;

namespace Joy.Application.Instances;

/// <summary>
/// <c>PUT /api/v1/StateMachineInstance</c>: which state machine, its input, the files it starts with,
/// the original service's free-form <c>parameters</c> (<c>Host</c> for the callback, <c>Debug</c>), a priority,
/// an optional idempotency key and optional container limits for this instance's runs (over its actors' own).
/// </summary>
public sealed record StartInstanceRequest(
    string? Name,
    JsonNode? Input = null,
    IReadOnlyList<InitialBlob>? InitialBlobs = null,
    JsonObject? Parameters = null,
    int Priority = 0,
    string? IdempotencyKey = null,
    Limitation? Limitation = null);

/// <summary>A blob the instance starts with, available to the state machine as <c>$.blobs.NAME</c>.</summary>
public sealed record InitialBlob(string? Id, string? Name, string? Tag = null);

/// <summary><c>PATCH /api/v1/StateMachineInstance/{id}</c>: re-run from top-level state <c>Stage</c>.</summary>
public sealed record RerunInstanceRequest(string? Stage, JsonObject? Parameters = null);

/// <summary>How a use case ended; the web layer maps each to a status code.</summary>
public abstract record InstanceOutcome
{
    public sealed record Started(string Id, bool Created) : InstanceOutcome;

    public sealed record Done(InstanceView Instance) : InstanceOutcome;

    public sealed record Invalid(IDictionary<string, string[]> Problems) : InstanceOutcome;

    public sealed record NotFound(string Detail) : InstanceOutcome;

    public sealed record Conflict(string Detail) : InstanceOutcome;
}
