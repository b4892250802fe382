using System.Text.Json.Nodes;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Instances;

/// <summary>Two service processes on one database share the runs, and no run is executed twice.</summary>
public sealed class two_service_processes(InstanceHost host) : IClassFixture<InstanceHost>
{
    private const string Fan = """
        {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': [
          {'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:quick', 'End': true}}},
          {'StartAt': 'B', 'States': {'B': {'Type': 'Task', 'Resource': 'actor:quick', 'End': true}}},
          {'StartAt': 'C', 'States': {'C': {'Type': 'Task', 'Resource': 'actor:quick', 'End': true}}}]}}}
        """;

    [Fact]
    public async Task share_the_work_with_no_duplicate_runs()
    {
        await host.DefineAsync("fan", Fan, ("quick", "sleep 0.3"));
        using var second = (await host.StartHostAsync()).CreateClient();

        var ids = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Instances.StartAsync(i % 2 == 0 ? host.Client : second, new JsonObject { ["name"] = "fan" })));
        var instances = await Task.WhenAll(ids.Select(id => Instances.WaitAsync(second, id, TimeSpan.FromMinutes(2))));

        instances.ShouldAllBe(instance => instance.Status() == "Succeeded");
        instances.Sum(instance => instance.Runs().Count).ShouldBe(36);
        // One start per run id, from the process that claimed it; both processes did some of the work.
        (await host.QueryAsync("""
            SELECT count(*) FROM (SELECT data->>'runId' FROM joy.mt_events WHERE type = 'instance.actor-run-started.v1'
            GROUP BY 1 HAVING count(*) > 1) duplicates
            """)).ShouldBe([0L]);
        (await host.QueryAsync("SELECT count(*) FROM joy.mt_events WHERE type = 'instance.actor-run-started.v1'")).ShouldBe([36L]);
        (await host.QueryAsync("""
            SELECT count(DISTINCT user_name) FROM joy.mt_events WHERE type = 'instance.actor-run-started.v1'
            """)).ShouldBe([2L]);
    }
}
