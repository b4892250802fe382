using System.Collections.Concurrent;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Domain.Instances;

namespace Joy.Tests.Reactors;

/// <summary>The real command handler, with every command a reactor sent on the way recorded.</summary>
public sealed class RecordingHandler(IInstanceCommandHandler inner) : IInstanceCommandHandler
{
    public ConcurrentQueue<(string InstanceId, InstanceCommand Command)> Sent { get; } = new();

    public IEnumerable<FireTimer> TimersFired(string? instanceId = null) =>
        Sent.Where(s => instanceId is null || s.InstanceId == instanceId).Select(s => s.Command).OfType<FireTimer>();

    public Task<IReadOnlyList<InstanceEvent>> HandleAsync(string instanceId, InstanceCommand command, EventMetadata? metadata = null,
        CancellationToken cancellationToken = default) =>
        HandleAsync(instanceId, [command], metadata, cancellationToken);

    public Task<IReadOnlyList<InstanceEvent>> HandleAsync(string instanceId, IReadOnlyList<InstanceCommand> commands,
        EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        foreach (var command in commands)
        {
            Sent.Enqueue((instanceId, command));
        }

        return inner.HandleAsync(instanceId, commands, metadata, cancellationToken);
    }
}
