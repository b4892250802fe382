using Joy.Application.EventStore;
using Joy.Domain.Instances;

namespace Joy.Application.Instances.Reactors;

/// <summary>The inverse of <see cref="InstanceStreams.StreamId"/>: which instance a stored event belongs to.</summary>
public static class InstanceStreamIds
{
    private static readonly string Prefix = InstanceStreams.StreamId("");

    public static bool TryGetInstanceId(string streamId, out string instanceId)
    {
        if (streamId.StartsWith(Prefix, StringComparison.Ordinal) && streamId.Length > Prefix.Length)
        {
            instanceId = streamId[Prefix.Length..];
            return true;
        }

        instanceId = "";
        return false;
    }

    /// <summary>The instance whose stream <paramref name="streamId"/> is; throws when it is no instance stream.</summary>
    public static string InstanceIdOf(string streamId) => TryGetInstanceId(streamId, out var instanceId)
        ? instanceId
        : throw new ArgumentException($"'{streamId}' is not an instance stream.", nameof(streamId));

    /// <summary>The instance events among <paramref name="events"/>, each with its instance's id.</summary>
    public static IEnumerable<(string InstanceId, StoredEvent Stored, InstanceEvent Event)> InstanceEvents(IEnumerable<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            if (stored.Data is InstanceEvent e && TryGetInstanceId(stored.StreamId, out var instanceId))
            {
                yield return (instanceId, stored, e);
            }
        }
    }
}
