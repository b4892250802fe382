using Joy.Executor.Nodes;

namespace Joy.Tests.Executor;

/// <summary>The dispatcher claims a slot on one node in the database; placement must then use that node only.</summary>
public class placing_a_run_on_a_required_node
{
    private static readonly List<NodeLoad> Loads =
    [
        new("node-1", Healthy: true, Running: 3, MaxRunningJobs: 4),
        new("node-2", Healthy: true, Running: 0, MaxRunningJobs: 4),
    ];

    [Fact]
    public void goes_there_even_when_another_node_is_less_loaded()
    {
        Placement.ChooseNode(Loads, new PlacementRequest("r", RequiredNode: "node-1")).ShouldBe("node-1");
        Placement.ChooseNode(Loads, new PlacementRequest("r")).ShouldBe("node-2");
    }

    [Fact]
    public void waits_when_that_node_is_full()
    {
        var full = Loads.Select(load => load with { Running = load.Name == "node-1" ? 4 : 0 }).ToList();

        Placement.ChooseNode(full, new PlacementRequest("r", RequiredNode: "node-1")).ShouldBeNull();
    }
}
