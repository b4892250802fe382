using Joy.Application.Blobs;
using Joy.Application.Definitions;
using Joy.Application.EventStore;
using Joy.Domain.Instances;

namespace Joy.Application.Instances;

/// <summary>The instance use cases, one function each: start, re-run, cancel, get.</summary>
public sealed partial class InstanceService(
    IInstanceCommandHandler handler,
    IDefinitionReader definitions,
    IBlobStore blobs,
    IEventStore store,
    InstanceQueries queries)
{
    public Task<InstanceView?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        queries.GetAsync(id, cancellationToken);

    /// <summary>Re-enters top-level state <c>Stage</c> with the input it had; results of earlier states are kept.</summary>
    public async Task<InstanceOutcome> RerunAsync(string id, RerunInstanceRequest request, EventMetadata? metadata = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Stage))
        {
            return new InstanceOutcome.Invalid(new Dictionary<string, string[]> { ["stage"] = ["The state to re-run from is required."] });
        }

        return await ChangeAsync(id, new RerunInstance(request.Stage, request.Parameters), metadata, cancellationToken);
    }

    /// <summary>Cancels a running instance: queued runs are dropped, running containers killed by their dispatcher.</summary>
    public async Task<InstanceOutcome> CancelAsync(string id, EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        var outcome = await ChangeAsync(id, new CancelInstance(), metadata, cancellationToken);
        return outcome is InstanceOutcome.Done { Instance.Status: not InstanceStatuses.Cancelled } done
            ? new InstanceOutcome.Conflict($"The instance has already ended ({done.Instance.Status}).")
            : outcome;
    }

    private async Task<InstanceOutcome> ChangeAsync(string id, InstanceCommand command, EventMetadata? metadata, CancellationToken cancellationToken)
    {
        if (await store.GetStreamAsync(InstanceStreams.StreamId(id), cancellationToken) is null)
        {
            return new InstanceOutcome.NotFound($"There is no instance {id}.");
        }

        try
        {
            await handler.HandleAsync(id, command, metadata, cancellationToken);
        }
        catch (InstanceCommandRejectedException rejected)
        {
            return new InstanceOutcome.Conflict(rejected.Message);
        }

        return new InstanceOutcome.Done((await queries.GetAsync(id, cancellationToken))!);
    }
}
