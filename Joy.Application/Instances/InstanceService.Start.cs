using System.Text.Json.Nodes;
using Joy.Application.Blobs;
using Joy.Application.EventStore;
using Joy.Application.Execution;
using Joy.Domain.Asl;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;
using Npgsql;

namespace Joy.Application.Instances;

public sealed partial class InstanceService
{
    /// <summary>
    /// Starts an instance of the current version of the named state machine, pinning it and every actor it
    /// names. The execution input is <c>input</c> plus <c>blobs: {name: {"blob": id, "tag": tag}}</c>. With an
    /// idempotency key the instance id derives from the key, so a repeated or concurrent start finds the same one.
    /// </summary>
    public async Task<InstanceOutcome> StartAsync(StartInstanceRequest request, EventMetadata? metadata = null,
        CancellationToken cancellationToken = default)
    {
        var problems = StartValidation.Problems(request);
        if (problems.Count > 0)
        {
            return new InstanceOutcome.Invalid(problems);
        }

        if (request.IdempotencyKey is { } key && await queries.FindByIdempotencyKeyAsync(key, cancellationToken) is { } existing)
        {
            return new InstanceOutcome.Started(existing, Created: false);
        }

        var machine = await definitions.GetStateMachineAsync(request.Name!, cancellationToken: cancellationToken);
        if (machine is null)
        {
            return new InstanceOutcome.NotFound($"There is no state machine '{request.Name}'.");
        }

        var actors = new Dictionary<string, ActorDefinition>(StringComparer.Ordinal);
        foreach (var name in ActorNames(AslParser.ParseValid(machine.Definition.Definition)))
        {
            if (await definitions.GetActorAsync(name, cancellationToken: cancellationToken) is { } actor)
            {
                actors[name] = actor.Definition;
            }
            else
            {
                problems["name"] = [.. problems.GetValueOrDefault("name", []), $"The state machine uses actor '{name}', which does not exist."];
            }
        }

        var initial = request.InitialBlobs ?? [];
        for (var i = 0; i < initial.Count; i++)
        {
            if (!await blobs.ExistsAsync(initial[i].Id!, cancellationToken))
            {
                problems[$"initialBlobs[{i}].id"] = [$"There is no blob {initial[i].Id}."];
            }
        }

        if (problems.Count > 0)
        {
            return new InstanceOutcome.Invalid(problems);
        }

        var id = request.IdempotencyKey is { } k ? DeterministicId.From("idempotency", k) : Guid.CreateVersion7().ToString();
        var start = new StartInstance(id, machine.Definition, machine.Version, actors, ExecutionInput(request), Options(request));
        try
        {
            var events = await handler.HandleAsync(id, start, metadata, cancellationToken);
            return new InstanceOutcome.Started(id, Created: events.Count > 0);
        }
        catch (InstanceCommandRejectedException rejected)
        {
            // A state machine stored under older rules that today's no longer accept: the client
            // must change the machine first (409, nothing appended), not a server error.
            return new InstanceOutcome.Conflict(rejected.Message);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "instances_idempotency_key_key")
        {
            // A concurrent start with the same key won the race.
            return new InstanceOutcome.Started((await queries.FindByIdempotencyKeyAsync(request.IdempotencyKey!, cancellationToken))!, false);
        }
    }

    private static JsonNode ExecutionInput(StartInstanceRequest request)
    {
        var input = request.Input is JsonObject obj ? (JsonObject)obj.DeepClone() : new JsonObject();
        var files = new JsonObject();
        foreach (var blob in request.InitialBlobs ?? [])
        {
            files[blob.Name!] = new JsonObject { ["blob"] = blob.Id, ["tag"] = blob.Tag };
        }

        input["blobs"] = files;
        return input;
    }

    private static InstanceOptions Options(StartInstanceRequest request) => new(
        Priority: request.Priority,
        CallbackHost: (request.Parameters?["Host"] as JsonValue)?.ToString(),
        Debug: request.Parameters?["Debug"] is JsonValue debug && debug.TryGetValue<bool>(out var on) && on,
        IdempotencyKey: request.IdempotencyKey,
        Parameters: request.Parameters?.DeepClone() as JsonObject,
        Limitation: request.Limitation);

    private static IEnumerable<string> ActorNames(MachineDefinition machine) =>
        machine.States.Values.SelectMany(state => state switch
        {
            TaskState task => [task.ActorName],
            ParallelState parallel => parallel.Branches.SelectMany(ActorNames),
            MapState map => ActorNames(map.Iterator),
            _ => [],
        }).Distinct(StringComparer.Ordinal);
}
