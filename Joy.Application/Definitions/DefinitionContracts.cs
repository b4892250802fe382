using System.Text.Json.Nodes;
using Joy.Domain.Definitions;

namespace Joy.Application.Definitions;

/// <summary>An actor as of one version: the definition's fields plus its version and times.</summary>
public sealed record ActorResponse(
    string Name,
    string? Image,
    IReadOnlyList<string>? Command,
    string? Script,
    IReadOnlyList<string>? Outputs,
    Limitation? Limitation,
    IReadOnlyDictionary<string, string>? Env,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ActorResponse From(DefinitionRecord<ActorDefinition> record)
    {
        var a = record.Definition;
        return new(a.Name, a.Image, a.Command, a.Script, a.Outputs, a.Limitation, a.Env, record.Version, record.CreatedAt, record.UpdatedAt);
    }
}

/// <summary>A state machine as of one version: name, ASL definition, limit defaults, version and times.</summary>
public sealed record StateMachineResponse(
    string Name,
    JsonNode? Definition,
    Limitation? Limitation,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static StateMachineResponse From(DefinitionRecord<StateMachineDefinition> record) =>
        new(record.Definition.Name, record.Definition.Definition, record.Definition.Limitation, record.Version, record.CreatedAt, record.UpdatedAt);
}

/// <summary>PUT's answer, as the original service's: the id is the name.</summary>
public sealed record DefinitionCreated(string Id);
