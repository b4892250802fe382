using System.Diagnostics;

namespace Joy.Tests.Instances;

/// <summary>
/// 30 judge instances started together all reach the right verdict, in bounded time. One test case each
/// (compile, run, compare, summarize: 120 containers) keeps it within the suite's time budget on 2 cores.
/// </summary>
public sealed class judging_thirty_submissions_at_once(InstanceHost host) : IClassFixture<InstanceHost>
{
    [Fact]
    public async Task gives_every_one_its_verdict()
    {
        var submissions = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? "wa.c" : "ac.c").ToList();
        var clock = Stopwatch.StartNew();

        var ids = await Task.WhenAll(submissions.Select(submission => Judge.StartAsync(host.Client, submission, tests: 1)));
        var instances = await Task.WhenAll(ids.Select(id => Instances.WaitAsync(host.Client, id, TimeSpan.FromMinutes(4))));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(4));
        for (var i = 0; i < ids.Length; i++)
        {
            instances[i].Status().ShouldBe("Succeeded", instances[i].ToJsonString());
            instances[i]["output"]!["verdict"]!.GetValue<string>().ShouldBe(submissions[i] == "wa.c" ? "WA" : "AC");
        }

        // Capacity held: never more runs claimed at once than the configured slots.
        (await host.QueryAsync("SELECT count(*) FROM joy.node_slots WHERE run_id IS NOT NULL")).ShouldBe([0L]);
        (await host.QueryAsync("SELECT count(*) FROM joy.run_queue")).ShouldBe([0L]);
    }
}
