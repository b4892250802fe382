using System.Text.Json.Nodes;
using Joy.Application.Definitions;
using Joy.Application.EventStore;

namespace Joy.Web.Definitions;

/// <summary>
/// What tells one definition kind's routes from another's: actors and state machines have the same
/// versioned CRUD shape, so <see cref="DefinitionEndpoints"/> serves both from one of these each.
/// </summary>
/// <param name="Segment">The route segment and OpenAPI tag, also the kind's name in 404 bodies.</param>
/// <param name="Singular">Operation-name suffix for one definition (operation ids must stay unique per kind).</param>
/// <param name="Plural">Operation-name suffix for the list.</param>
/// <param name="Summaries">OpenAPI summaries, kept per kind since their wording differs.</param>
internal sealed record DefinitionRoutes<TDefinition, TResponse>(
    string Segment,
    string Singular,
    string Plural,
    DefinitionSummaries Summaries,
    Action<JsonObject, bool, DefinitionBody.Problems> Check,
    Func<TDefinition, string> NameOf,
    Func<DefinitionService, TDefinition, EventMetadata, CancellationToken, Task> Define,
    Func<DefinitionService, string, JsonObject, int?, EventMetadata, CancellationToken, Task<DefinitionRecord<TDefinition>>> Change,
    Func<DefinitionService, string, int?, EventMetadata, CancellationToken, Task> Delete,
    Func<DefinitionService, string, int?, CancellationToken, Task<DefinitionRecord<TDefinition>?>> Get,
    Func<DefinitionService, CancellationToken, Task<IReadOnlyList<DefinitionRecord<TDefinition>>>> List,
    Func<DefinitionRecord<TDefinition>, TResponse> Respond);

/// <summary>The OpenAPI summary of each route of one kind.</summary>
internal sealed record DefinitionSummaries(string List, string Get, string Put, string Patch, string Delete);
