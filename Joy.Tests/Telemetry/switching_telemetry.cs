using System.Diagnostics;
using System.Net;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Joy.Tests.Telemetry;

/// <summary>Joy:Telemetry:Enabled=false (the benchmark's "off") leaves no /metrics and records no spans; true (the default) does both.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class switching_telemetry : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData("false", HttpStatusCode.NotFound, false)]
    [InlineData("true", HttpStatusCode.OK, true)]
    public async Task serves_metrics_and_records_spans_only_when_on(string enabled, HttpStatusCode metrics, bool traced)
    {
        var spans = new SpanCollector();
        await using var host = await JoyApp.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = _database.ConnectionString,
            ["Joy:Dispatcher:Enabled"] = "false",
            ["Joy:Telemetry:Enabled"] = enabled,
        }, services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        using var client = host.CreateClient();

        using var scrape = await client.GetAsync("/metrics");
        using var list = await client.GetAsync("/api/v1/StateMachine/All");

        scrape.StatusCode.ShouldBe(metrics);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        await host.StopAsync(); // flushes the exporter
        spans.Snapshot().Any(span => span.Kind == ActivityKind.Server).ShouldBe(traced);
    }
}
