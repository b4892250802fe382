using System.Text.Json.Nodes;
using Joy.Domain.Instances;

namespace Joy.Application.Queries.Audit;

/// <summary>An instance as it was after event <see cref="Version"/> (of <see cref="StreamVersion"/>).</summary>
public sealed record InstanceStateView(
    string Id, long Version, long StreamVersion, string Status, string? StateMachine, int? StateMachineVersion,
    JsonNode? Input, IReadOnlyList<FrameView> CurrentStates, IReadOnlyList<RunView> Runs,
    JsonNode? Output, string? Error, string? Cause)
{
    public static InstanceStateView From(string id, InstanceState state, long version, long streamVersion) => new(
        id, version, streamVersion, state.Status.ToString(), state.Started?.StateMachineName, state.Started?.StateMachineVersion,
        state.Started?.Input,
        state.Frames.Values.OrderBy(f => f.EnteredAt).ThenBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new FrameView(f.Path, f.State.Name, f.State.GetType().Name.Replace("State", "", StringComparison.Ordinal), f.EnteredAt, f.Attempt, f.RunId))
            .ToList(),
        state.Runs.Values.OrderBy(r => r.Sequence)
            .Select(r => new RunView(r.RunId, r.Path, r.Attempt, r.Status.ToString(), r.Node, r.ContainerId))
            .ToList(),
        state.Output, state.Error, state.Cause);
}

public sealed record FrameView(string Path, string State, string Type, DateTimeOffset EnteredAt, int Attempt, string? RunId);

public sealed record RunView(string RunId, string Path, int Attempt, string Status, string? Node, string? ContainerId);

/// <summary>An instance's whole stream, archived events included, at <see cref="Version"/>.</summary>
public sealed record InstanceHistory(string Id, long Version, IReadOnlyList<EventView> Events);
