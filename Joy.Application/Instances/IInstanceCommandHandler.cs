using Joy.Application.EventStore;
using Joy.Domain.Instances;

namespace Joy.Application.Instances;

/// <summary>
/// The one way anything changes an instance: fold its stream, <see cref="Interpreter.Decide"/>,
/// append at the folded version, and on a concurrency conflict fold again and retry. Reactors
/// (dispatcher, timers, callbacks) and the HTTP commands all go through it.
/// </summary>
public interface IInstanceCommandHandler
{
    /// <summary>
    /// Applies <paramref name="command"/> to instance <paramref name="instanceId"/>; returns the
    /// events it appended (empty when the command changed nothing, e.g. a duplicate report).
    /// </summary>
    /// <exception cref="InstanceCommandRejectedException">The instance's state does not allow it.</exception>
    Task<IReadOnlyList<InstanceEvent>> HandleAsync(
        string instanceId,
        InstanceCommand command,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default) =>
        HandleAsync(instanceId, [command], metadata, cancellationToken);

    /// <summary>
    /// Applies <paramref name="commands"/> in order, each deciding on the state the ones before it left,
    /// and appends all their events at once: one append, all or nothing.
    /// </summary>
    /// <exception cref="InstanceCommandRejectedException">The instance's state does not allow one of them; nothing is appended.</exception>
    Task<IReadOnlyList<InstanceEvent>> HandleAsync(
        string instanceId,
        IReadOnlyList<InstanceCommand> commands,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default);
}

/// <summary>Stream naming for instances: one stream per instance.</summary>
public static class InstanceStreams
{
    public static string StreamId(string instanceId) => $"instance-{instanceId}";
}
