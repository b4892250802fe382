using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Application.Security;
using Joy.Domain.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Joy.Application.Queries.Audit;

/// <summary>
/// Audit and replay of one instance: its full history, and its state folded to any version with
/// the same <see cref="Interpreter.Evolve"/> the engine decides with.
/// </summary>
[Tags("StateMachineInstance")]
public static class AuditEndpoints
{
    private const string Route = "/api/v1/StateMachineInstance/{id}";

    [WolverineGet(Route + "/events", OperationId = "GetInstanceEvents"), RequiresRole(Role.Reader)]
    [EndpointSummary("Read an instance's history"), EndpointDescription("Every event of its stream, archived ones included, oldest first.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<Results<Ok<InstanceHistory>, ProblemHttpResult>> GetEvents(
        string id, IEventStore store, CancellationToken cancellationToken)
    {
        var streamId = InstanceStreams.StreamId(id);
        if (await store.GetStreamAsync(streamId, cancellationToken) is not { } stream)
        {
            return NotFound(id);
        }

        var events = await store.ReadStreamAsync(streamId, includeArchived: true, cancellationToken: cancellationToken);
        return TypedResults.Ok(new InstanceHistory(id, stream.Version, events.Select(EventView.From).ToList()));
    }

    [WolverineGet(Route + "/state", OperationId = "GetInstanceStateAtVersion"), RequiresRole(Role.Reader)]
    [EndpointSummary("Replay an instance to a version"), EndpointDescription("Its state after event `version` (the last one when left out).")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<Results<Ok<InstanceStateView>, ValidationProblem, ProblemHttpResult>> GetState(
        string id, string? version, IEventStore store, CancellationToken cancellationToken)
    {
        var streamId = InstanceStreams.StreamId(id);
        if (await store.GetStreamAsync(streamId, cancellationToken) is not { } stream)
        {
            return NotFound(id);
        }

        long? atVersion = null;
        if (version is not null)
        {
            if (!long.TryParse(version, out var n) || n < 1 || n > stream.Version)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["version"] = [$"'{version}' is not a version of this instance: give a whole number from 1 to {stream.Version}."],
                });
            }

            atVersion = n;
        }

        var folded = await store.AggregateStreamAsync(streamId,
            (state, e) => e is InstanceEvent instanceEvent ? Interpreter.Evolve(state, instanceEvent) : state,
            InstanceState.Initial, atVersion, cancellationToken);
        return TypedResults.Ok(InstanceStateView.From(id, folded.State, folded.Version, stream.Version));
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"There is no instance {id}.");
}
