using System.Diagnostics;
using System.Text.Json.Nodes;
using Joy.Tests.Instances;
using Joy.Tests.Store;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Joy.Tests.Telemetry;

/// <summary>
/// One trace per instance: the PUT that started it is the root, and each actor run is a span in the same
/// tree (through the run queue's traceparent), with the handlers', Marten's and Npgsql's spans between.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class tracing_an_instance(tracing_an_instance.Host host) : IClassFixture<tracing_an_instance.Host>
{
    public sealed class Host : InstanceHost
    {
        public SpanCollector Spans { get; } = new();

        protected override void AddServices(IServiceCollection services) =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
    }

    [Fact]
    public async Task puts_the_request_and_both_runs_in_one_tree()
    {
        await host.DefineAsync("traced", """
            {'StartAt': 'Compile', 'States': {
              'Compile': {'Type': 'Task', 'Resource': 'actor:traced-compile', 'Next': 'Judge'},
              'Judge': {'Type': 'Task', 'Resource': 'actor:traced-judge', 'End': true}}}
            """, ("traced-compile", "echo compiled"), ("traced-judge", "echo judged"));

        var id = await Instances.Instances.StartAsync(host.Client, new JsonObject { ["name"] = "traced" });
        (await Instances.Instances.WaitAsync(host.Client, id)).Status().ShouldBe("Succeeded");

        // Spans are exported as they end, the request's before its runs': wait for the whole tree.
        IReadOnlyList<Activity> tree = [];
        await Eventually.TrueAsync(() =>
        {
            var runs = host.Spans.Snapshot().Where(span => (string?)span.GetTagItem("joy.instance.id") == id).ToList();
            if (runs.Count < 2 || runs.Select(run => run.TraceId).Distinct().Count() != 1)
            {
                return false;
            }

            tree = host.Spans.Trace(runs[0].TraceId);
            var ids = tree.Select(span => span.SpanId).ToHashSet();
            return tree.Count(span => span.Parent is null && span.ParentSpanId == default) == 1
                && tree.All(span => span.ParentSpanId == default || ids.Contains(span.ParentSpanId));
        }, TimeSpan.FromSeconds(30), "every span of the instance's trace");

        var root = tree.Single(span => span.ParentSpanId == default);
        root.Kind.ShouldBe(ActivityKind.Server);
        root.GetTagItem("http.request.method").ShouldBe("PUT");
        var compile = tree.Single(span => (string?)span.GetTagItem("joy.actor") == "traced-compile");
        var judge = tree.Single(span => (string?)span.GetTagItem("joy.actor") == "traced-judge");
        foreach (var (run, state) in new[] { (compile, "Compile"), (judge, "Judge") })
        {
            run.Source.Name.ShouldBe("Joy");
            run.GetTagItem("joy.state").ShouldBe(state);
            run.GetTagItem("joy.instance.id").ShouldBe(id);
            ((string)run.GetTagItem("joy.node")!).ShouldStartWith("node-");
            run.GetTagItem("container.image.name").ShouldBe("joy-busybox:latest");
            run.GetTagItem("joy.exit_code").ShouldBe(0L);
            run.GetTagItem("joy.oom_killed").ShouldBe(false);
            run.GetTagItem("joy.timed_out").ShouldBe(false);
            run.Status.ShouldBe(ActivityStatusCode.Ok);
        }

        // The second run was requested while the first one's result was recorded: it descends from it.
        Ancestors(tree, judge).ShouldContain(compile);
        tree.Select(span => span.Source.Name).ShouldContain("Npgsql");
        tree.Select(span => span.Source.Name).ShouldContain("Wolverine");
    }

    private static IEnumerable<Activity> Ancestors(IReadOnlyList<Activity> tree, Activity span)
    {
        for (var parent = tree.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null;
             parent = tree.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }
}
