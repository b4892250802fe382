using Joy.Domain.Definitions;

namespace Joy.Application.Definitions;

/// <summary>
/// Reads actor and state machine definitions from their projections: the current version, or an
/// older one (every version stays readable, since instances pin the version they started with).
/// </summary>
public interface IDefinitionReader
{
    /// <summary>The state machine at <paramref name="version"/>, or its current version; null when unknown or deleted.</summary>
    Task<VersionedDefinition<StateMachineDefinition>?> GetStateMachineAsync(
        string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The actor at <paramref name="version"/>, or its current version; null when unknown or deleted.</summary>
    Task<VersionedDefinition<ActorDefinition>?> GetActorAsync(
        string name, int? version = null, CancellationToken cancellationToken = default);
}

/// <summary>A definition as of one version of its stream (versions start at 1).</summary>
public sealed record VersionedDefinition<T>(T Definition, int Version, DateTimeOffset UpdatedAt);
