using System.Text.Json.Nodes;

namespace Joy.Domain.Definitions;

public abstract record ActorCommand;

public sealed record DefineActor(ActorDefinition Actor) : ActorCommand;

/// <summary>PATCH: <paramref name="Patch"/> is a JSON merge patch (camelCase) of the definition.</summary>
public sealed record ChangeActor(string Name, JsonObject Patch) : ActorCommand;

public sealed record DeleteActor(string Name) : ActorCommand;

/// <summary>One actor stream folded; <see cref="Version"/> counts its events (the first is version 1).</summary>
public sealed record ActorState(ActorDefinition? Current, int Version)
{
    public static readonly ActorState Initial = new(null, 0);

    public bool Exists => Current is not null;
}

public static class ActorDecider
{
    public static IReadOnlyList<ActorEvent> Decide(ActorCommand command, ActorState state, DateTimeOffset now) =>
        (command, state) switch
        {
            (DefineActor define, { Exists: true }) => throw new DefinitionAlreadyExistsException("Actor", define.Actor.Name),
            (DefineActor define, _) => [new ActorDefined(Valid(define.Actor), now)],
            (ChangeActor change, { Current: { } current }) => Change(change, current, now),
            (ChangeActor change, _) => throw new DefinitionNotFoundException("Actor", change.Name),
            (DeleteActor delete, { Exists: true }) => [new ActorDeleted(delete.Name, now)],
            (DeleteActor delete, _) => throw new DefinitionNotFoundException("Actor", delete.Name),
            _ => throw new InvalidOperationException($"Unknown command {command}"),
        };

    public static ActorState Evolve(ActorState state, ActorEvent @event) => @event switch
    {
        ActorDefined defined => new(defined.Actor, state.Version + 1),
        ActorChanged changed => new(changed.Actor, state.Version + 1),
        ActorDeleted => new(null, state.Version + 1),
        _ => state with { Version = state.Version + 1 },
    };

    private static IReadOnlyList<ActorEvent> Change(ChangeActor change, ActorDefinition current, DateTimeOffset now)
    {
        var merged = DomainJson.MergePatch(DomainJson.ToNode(current), change.Patch);
        var changed = DomainJson.FromNode<ActorDefinition>(merged)!;
        if (changed.Name != current.Name)
        {
            throw new DefinitionInvalidException([new("/name", "name cannot be changed; define a new actor instead.")]);
        }

        var unchanged = JsonNode.DeepEquals(DomainJson.ToNode(changed), DomainJson.ToNode(current));
        return unchanged ? [] : [new ActorChanged(Valid(changed), now)];
    }

    private static ActorDefinition Valid(ActorDefinition actor)
    {
        var problems = DefinitionValidator.Validate(actor);
        return problems.Count == 0 ? actor : throw new DefinitionInvalidException(problems);
    }
}
