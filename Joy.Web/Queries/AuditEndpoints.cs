using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Domain.Instances;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Joy.Web.Queries;

/// <summary>
/// Audit and replay of one instance: its full history, and its state folded to any version with
/// the same <see cref="Interpreter.Evolve"/> the engine decides with.
/// </summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder instances)
    {
        instances.MapGet("/{id}/events", GetEventsAsync).WithName("GetInstanceEvents").RequireRole(Role.Reader);
        instances.MapGet("/{id}/state", GetStateAsync).WithName("GetInstanceStateAtVersion").RequireRole(Role.Reader);
        return instances;
    }

    private static async Task<Results<Ok<InstanceHistory>, ProblemHttpResult>> GetEventsAsync(
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

    private static async Task<Results<Ok<InstanceStateView>, ValidationProblem, ProblemHttpResult>> GetStateAsync(
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
