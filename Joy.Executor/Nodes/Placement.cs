namespace Joy.Executor.Nodes;

/// <summary>A node as placement sees it. Kept free of I/O so capacity can later live in the database.</summary>
public sealed record NodeLoad(string Name, bool Healthy, int Running, int MaxRunningJobs)
{
    public bool HasRoom => Healthy && Running < MaxRunningJobs;
}

/// <summary>What a run asks of placement.</summary>
public sealed record PlacementRequest(
    string RunId,
    int Priority = 0,
    IReadOnlyList<string>? PreferredNodes = null,
    IReadOnlyList<string>? ExcludedNodes = null,
    string? RequiredNode = null);

/// <summary>Pure placement rules: which node a run goes to, and which waiting runs go where.</summary>
public static class Placement
{
    /// <summary>
    /// The least-loaded healthy node with room that the run does not exclude (only its required node, when it
    /// names one); among its preferred nodes
    /// first when one of them has room. Null when no node can take it now.
    /// </summary>
    public static string? ChooseNode(IReadOnlyList<NodeLoad> nodes, PlacementRequest request)
    {
        var candidates = nodes
            .Where(node => node.HasRoom && !(request.ExcludedNodes?.Contains(node.Name) ?? false))
            .Where(node => request.RequiredNode is null || node.Name == request.RequiredNode)
            .ToList();
        var preferred = candidates.Where(node => request.PreferredNodes?.Contains(node.Name) ?? false).ToList();
        return (preferred.Count > 0 ? preferred : candidates)
            .OrderBy(node => (double)node.Running / node.MaxRunningJobs)
            .ThenBy(node => node.Running)
            .ThenBy(node => node.Name, StringComparer.Ordinal)
            .Select(node => node.Name)
            .FirstOrDefault();
    }

    /// <summary>
    /// Hands out free slots to waiting runs, given in queue order (priority, then age). A run that no node
    /// can take (all it may use are full) does not block the ones behind it. Updates <paramref name="nodes"/>.
    /// </summary>
    public static IReadOnlyList<(PlacementRequest Request, string Node)> Dispatch(
        IEnumerable<PlacementRequest> queue, List<NodeLoad> nodes)
    {
        var assignments = new List<(PlacementRequest, string)>();
        foreach (var request in queue)
        {
            if (!nodes.Any(node => node.HasRoom))
            {
                break;
            }

            if (ChooseNode(nodes, request) is { } chosen)
            {
                var index = nodes.FindIndex(node => node.Name == chosen);
                nodes[index] = nodes[index] with { Running = nodes[index].Running + 1 };
                assignments.Add((request, chosen));
            }
        }

        return assignments;
    }

    /// <summary>Queue order: higher priority first, then first come first served.</summary>
    public static IComparer<(int Priority, long Sequence)> QueueOrder { get; } =
        Comparer<(int Priority, long Sequence)>.Create((a, b) =>
            a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Sequence.CompareTo(b.Sequence));
}
