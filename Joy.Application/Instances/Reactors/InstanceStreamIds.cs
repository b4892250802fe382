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
}
