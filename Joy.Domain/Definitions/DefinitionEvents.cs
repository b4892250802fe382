namespace Joy.Domain.Definitions;

// Each event keeps the whole definition, so any version can be read back from its event alone.

public abstract record ActorEvent;

[EventType("actor.defined.v1")]
public sealed record ActorDefined(ActorDefinition Actor, DateTimeOffset At) : ActorEvent;

[EventType("actor.changed.v1")]
public sealed record ActorChanged(ActorDefinition Actor, DateTimeOffset At) : ActorEvent;

[EventType("actor.deleted.v1")]
public sealed record ActorDeleted(string Name, DateTimeOffset At) : ActorEvent;

public abstract record StateMachineEvent;

[EventType("statemachine.defined.v1")]
public sealed record StateMachineDefined(StateMachineDefinition StateMachine, DateTimeOffset At) : StateMachineEvent;

[EventType("statemachine.changed.v1")]
public sealed record StateMachineChanged(StateMachineDefinition StateMachine, DateTimeOffset At) : StateMachineEvent;

[EventType("statemachine.deleted.v1")]
public sealed record StateMachineDeleted(string Name, DateTimeOffset At) : StateMachineEvent;

/// <summary>A definition command the current state does not allow; the web layer maps each kind to a status.</summary>
public abstract class DefinitionRejectedException(string message) : Exception(message);

/// <summary>Creating a name that exists (HTTP 409).</summary>
public sealed class DefinitionAlreadyExistsException(string kind, string name)
    : DefinitionRejectedException($"{kind} '{name}' already exists.");

/// <summary>Changing or deleting a name that does not exist (HTTP 404).</summary>
public sealed class DefinitionNotFoundException(string kind, string name)
    : DefinitionRejectedException($"{kind} '{name}' does not exist.");

/// <summary>A definition that does not validate (HTTP 400 listing every problem).</summary>
public sealed class DefinitionInvalidException(IReadOnlyList<ValidationProblem> problems)
    : DefinitionRejectedException("The definition is invalid: " + string.Join("; ", problems.Select(p => $"{p.Pointer}: {p.Message}")))
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}
