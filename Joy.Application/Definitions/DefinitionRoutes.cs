using System.Text.Json.Nodes;
using Joy.Application.EventStore;

namespace Joy.Application.Definitions;

/// <summary>
/// What tells one definition kind's routes from another's: actors and state machines have the same
/// versioned CRUD shape, so <see cref="DefinitionHandlers{TDefinition, TResponse}"/> serves both from one of these each.
/// </summary>
/// <param name="Segment">The route segment, also the kind's name in 404 bodies.</param>
internal sealed record DefinitionRoutes<TDefinition, TResponse>(
    string Segment,
    Action<JsonObject, bool, DefinitionBody.Problems> Check,
    Func<TDefinition, string> NameOf,
    Func<DefinitionService, TDefinition, EventMetadata, CancellationToken, Task> Define,
    Func<DefinitionService, string, JsonObject, int?, EventMetadata, CancellationToken, Task<DefinitionRecord<TDefinition>>> Change,
    Func<DefinitionService, string, int?, EventMetadata, CancellationToken, Task> Delete,
    Func<DefinitionService, string, int?, CancellationToken, Task<DefinitionRecord<TDefinition>?>> Get,
    Func<DefinitionService, CancellationToken, Task<IReadOnlyList<DefinitionRecord<TDefinition>>>> List,
    Func<DefinitionRecord<TDefinition>, TResponse> Respond);
