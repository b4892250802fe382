namespace Joy.Application.Definitions;

/// <summary>
/// Actors and state machines are stored the same way; this names one kind's stream and tables.
/// A definition's stream is <c>actor-{name}</c> or <c>statemachine-{name}</c>.
/// </summary>
public sealed record DefinitionKind(string Name, string StreamPrefix, string TablePrefix)
{
    public static readonly DefinitionKind Actor = new("Actor", "actor-", "actor");

    public static readonly DefinitionKind StateMachine = new("StateMachine", "statemachine-", "state_machine");

    public string StreamId(string name) => StreamPrefix + name;
}

/// <summary>A definition as of one version, with the times its current life began and that version was written.</summary>
public sealed record DefinitionRecord<T>(T Definition, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Deleting an actor that current state machines run would break them (HTTP 409); the
/// <see cref="StateMachines"/> are listed so the client knows what to change first.
/// </summary>
public sealed class ActorInUseException(string actor, IReadOnlyList<string> stateMachines)
    : Exception($"Actor '{actor}' is used by state machine(s) {string.Join(", ", stateMachines)}.")
{
    public string Actor { get; } = actor;

    public IReadOnlyList<string> StateMachines { get; } = stateMachines;
}
