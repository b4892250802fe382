using Joy.Executor.Nodes;

namespace Joy.Tests.Executor;

public class placing_runs_on_nodes
{
    private static List<NodeLoad> Loads(params NodeLoad[] loads) => [.. loads];

    [Fact]
    public void picks_the_least_loaded_healthy_node_with_room()
    {
        var nodes = Loads(new("a", true, 3, 4), new("b", true, 1, 4), new("c", false, 0, 4), new("d", true, 2, 2));

        Placement.ChooseNode(nodes, new PlacementRequest("r")).ShouldBe("b");
    }

    [Fact]
    public void honours_preferred_and_excluded_nodes()
    {
        var nodes = Loads(new("a", true, 0, 4), new("b", true, 3, 4));

        Placement.ChooseNode(nodes, new PlacementRequest("r", PreferredNodes: ["b"])).ShouldBe("b");
        Placement.ChooseNode(nodes, new PlacementRequest("r", ExcludedNodes: ["a"])).ShouldBe("b");
        Placement.ChooseNode(nodes, new PlacementRequest("r", ExcludedNodes: ["a", "b"])).ShouldBeNull();
    }

    [Fact]
    public void gives_nothing_when_every_node_is_full_or_down()
    {
        Placement.ChooseNode(Loads(new("a", true, 2, 2), new("b", false, 0, 2)), new PlacementRequest("r")).ShouldBeNull();
    }

    [Fact]
    public void dispatches_waiting_runs_in_queue_order_up_to_capacity()
    {
        var nodes = Loads(new("a", true, 1, 2), new("b", true, 0, 1));
        var queue = new[] { new PlacementRequest("first"), new PlacementRequest("second"), new PlacementRequest("third") };

        var assigned = Placement.Dispatch(queue, nodes);

        assigned.Select(pair => (pair.Request.RunId, pair.Node)).ShouldBe([("first", "b"), ("second", "a")]);
        nodes.ShouldAllBe(node => node.Running == node.MaxRunningJobs);
    }

    [Fact]
    public void lets_a_run_pass_one_whose_only_nodes_are_full()
    {
        var nodes = Loads(new("a", true, 2, 2), new("b", true, 0, 1));
        var queue = new[] { new PlacementRequest("stuck", ExcludedNodes: ["b"]), new PlacementRequest("free") };

        Placement.Dispatch(queue, nodes).Select(pair => pair.Request.RunId).ShouldBe(["free"]);
    }

    [Fact]
    public void orders_the_queue_by_priority_then_age()
    {
        var keys = new List<(int, long)> { (0, 1), (5, 3), (0, 0), (5, 2) };

        keys.Order(Placement.QueueOrder).ShouldBe([(5, 2), (5, 3), (0, 0), (0, 1)]);
    }
}
