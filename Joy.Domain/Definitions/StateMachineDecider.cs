using System.Text.Json.Nodes;

namespace Joy.Domain.Definitions;

/// <summary>Commands carry the actor names that exist now: a Task may only name one of them.</summary>
public abstract record StateMachineCommand(IReadOnlySet<string> KnownActors);

public sealed record DefineStateMachine(StateMachineDefinition StateMachine, IReadOnlySet<string> KnownActors)
    : StateMachineCommand(KnownActors);

/// <summary>PATCH as a JSON merge patch; a given <c>definition</c> replaces the whole ASL document.</summary>
public sealed record ChangeStateMachine(string Name, JsonObject Patch, IReadOnlySet<string> KnownActors)
    : StateMachineCommand(KnownActors);

public sealed record DeleteStateMachine(string Name) : StateMachineCommand(new HashSet<string>());

public sealed record StateMachineState(StateMachineDefinition? Current, int Version)
{
    public static readonly StateMachineState Initial = new(null, 0);

    public bool Exists => Current is not null;
}

public static class StateMachineDecider
{
    private const string Kind = "StateMachine";

    public static IReadOnlyList<StateMachineEvent> Decide(StateMachineCommand command, StateMachineState state, DateTimeOffset now) =>
        (command, state) switch
        {
            (DefineStateMachine define, { Exists: true }) => throw new DefinitionAlreadyExistsException(Kind, define.StateMachine.Name),
            (DefineStateMachine define, _) => [new StateMachineDefined(Valid(define.StateMachine, define.KnownActors), now)],
            (ChangeStateMachine change, { Current: { } current }) => Change(change, current, now),
            (ChangeStateMachine change, _) => throw new DefinitionNotFoundException(Kind, change.Name),
            (DeleteStateMachine delete, { Exists: true }) => [new StateMachineDeleted(delete.Name, now)],
            (DeleteStateMachine delete, _) => throw new DefinitionNotFoundException(Kind, delete.Name),
            _ => throw new InvalidOperationException($"Unknown command {command}"),
        };

    public static StateMachineState Evolve(StateMachineState state, StateMachineEvent @event) => @event switch
    {
        StateMachineDefined defined => new(defined.StateMachine, state.Version + 1),
        StateMachineChanged changed => new(changed.StateMachine, state.Version + 1),
        StateMachineDeleted => new(null, state.Version + 1),
        _ => state with { Version = state.Version + 1 },
    };

    private static IReadOnlyList<StateMachineEvent> Change(ChangeStateMachine change, StateMachineDefinition current, DateTimeOffset now)
    {
        // The ASL document is replaced, not merged: a merge patch's null would delete states by accident.
        var patch = (JsonObject)change.Patch.DeepClone();
        var definition = patch.Remove("definition", out var given) ? given : current.Definition?.DeepClone();
        var merged = DomainJson.FromNode<StateMachineDefinition>(DomainJson.MergePatch(DomainJson.ToNode(current), patch))!;
        var changed = merged with { Definition = definition };
        if (changed.Name != current.Name)
        {
            throw new DefinitionInvalidException([new("/name", "name cannot be changed; define a new state machine instead.")]);
        }

        var unchanged = JsonNode.DeepEquals(DomainJson.ToNode(changed), DomainJson.ToNode(current));
        return unchanged ? [] : [new StateMachineChanged(Valid(changed, change.KnownActors), now)];
    }

    private static StateMachineDefinition Valid(StateMachineDefinition machine, IReadOnlySet<string> knownActors)
    {
        var problems = DefinitionValidator.Validate(machine, knownActors);
        return problems.Count == 0 ? machine : throw new DefinitionInvalidException(problems);
    }
}
