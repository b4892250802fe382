using System.Text.Json.Nodes;
using Joy.Tests.Instances;
using Joy.Tests.Store;

namespace Joy.Tests.Telemetry;

/// <summary>
/// GET /metrics after a few instances: the run counters and histograms carry node, actor and outcome
/// and count every run; the sampled gauges and the library meters are there. Counters are process-wide,
/// so the actors' names are this test's own.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class scraping_the_metrics(scraping_the_metrics.Host host) : IClassFixture<scraping_the_metrics.Host>
{
    public sealed class Host : InstanceHost
    {
        protected override Dictionary<string, string?> Extra => new() { ["Joy:Telemetry:SampleSeconds"] = "0.5" };
    }

    // The library meters: runtime and process, HttpClient, Npgsql, Marten, Wolverine.
    private static readonly string[] Families = ["dotnet_gc_", "dotnet_process_cpu_time", "http_client_", "db_client_operation_", "marten_", "wolverine_"];

    private readonly string _ok = $"metrics-ok-{Guid.NewGuid():N}"[..24];
    private readonly string _failing = $"metrics-no-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task counts_three_succeeded_and_three_failed_runs_by_node_actor_and_outcome()
    {
        await host.DefineAsync("metered", """
            {'StartAt': 'Work', 'States': {
              'Work': {'Type': 'Task', 'Resource': 'actor:OK', 'Next': 'Fail'},
              'Fail': {'Type': 'Task', 'Resource': 'actor:FAILING', 'End': true}}}
            """.Replace("OK", _ok).Replace("FAILING", _failing), (_ok, "echo fine"), (_failing, "exit 3"));

        var ids = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Instances.Instances.StartAsync(host.Client, new JsonObject { ["name"] = "metered" })));
        foreach (var id in ids)
        {
            (await Instances.Instances.WaitAsync(host.Client, id)).Status().ShouldBe("Failed");
        }

        // A series appears with its first measurement, and the gauges with their first sample: poll.
        PrometheusText scrape = null!;
        var text = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                scrape = new PrometheusText(text = await host.Client.GetStringAsync("/metrics"));
                return scrape.Sum("joy_runs_ended_total", ("actor", _failing)) >= 3 && scrape.Series("joy_node_slots_free").Count > 0
                    && scrape.Series("joy_instances", ("status", "Failed")).Count > 0 && Families.All(scrape.Has);
            }, TimeSpan.FromSeconds(30), "the runs and gauges in the scrape");
        }
        catch (TimeoutException)
        {
            var missing = Families.Where(family => !scrape.Has(family));
            throw new TimeoutException($"Missing families: {string.Join(", ", missing)}\n" + string.Join('\n', text.Split('\n')
                .Where(l => l.StartsWith("joy_runs_ended") || l.StartsWith("joy_node_slots") || l.StartsWith("joy_instances"))));
        }

        scrape.Sum("joy_runs_started_total", ("actor", _ok)).ShouldBe(3);
        scrape.Sum("joy_runs_ended_total", ("actor", _ok), ("outcome", "succeeded")).ShouldBe(3);
        scrape.Sum("joy_runs_ended_total", ("actor", _failing), ("outcome", "failed")).ShouldBe(3);
        scrape.Sum("joy_runs_ended_total", ("actor", _failing)).ShouldBe(3);
        scrape.Series("joy_runs_ended_total", ("actor", _ok)).ShouldAllBe(s => s.Labels["node"].StartsWith("node-"));
        scrape.Sum("joy_run_duration_seconds_count", ("actor", _ok), ("outcome", "succeeded")).ShouldBe(3);
        scrape.Sum("joy_run_duration_seconds_bucket", ("actor", _ok), ("le", "+Inf")).ShouldBe(3);
        scrape.Sum("joy_run_queue_wait_seconds_count").ShouldBeGreaterThanOrEqualTo(6);
        scrape.Sum("joy_blob_bytes_in_bytes_total").ShouldBeGreaterThan(0);

        scrape.Series("joy_node_healthy", ("node", "node-1")).ShouldContain(s => s.Value == 1);
        scrape.Series("joy_node_slots_free", ("node", "node-1")).ShouldNotBeEmpty();
        scrape.Series("joy_node_slots_used", ("node", "node-2")).ShouldNotBeEmpty();
        scrape.Series("joy_daemon_lag").ShouldNotBeEmpty();
        scrape.Series("joy_dead_letters").ShouldNotBeEmpty();
        scrape.Series("joy_queue_depth").ShouldNotBeEmpty(); // 0 at priority 0 when nothing waits
        scrape.Series("http_server_request_duration_seconds_count").ShouldNotBeEmpty();
        Families.Where(family => !scrape.Has(family)).ShouldBeEmpty();
    }
}
