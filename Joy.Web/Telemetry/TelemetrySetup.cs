using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Joy.Web.Telemetry;

/// <summary>
/// Traces and metrics (<c>Joy:Telemetry</c>, <see cref="TelemetryOptions"/>): Joy's own source and meter,
/// Wolverine's, Marten's, Npgsql's, ASP.NET Core's, HttpClient's and the runtime's (which has the process
/// figures too); GET /metrics in Prometheus format; OTLP only when an endpoint is configured.
/// </summary>
public static class TelemetrySetup
{
    public static void AddJoyTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Read when the providers are built: test hosts and the benchmark add their settings after this.
        builder.Services.AddSingleton(provider => Bind(provider.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<TelemetrySampler>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<TelemetrySampler>());
        builder.Services.AddSingleton<TelemetryGauges>();
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        TelemetrySwitch.Add(configuration);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("joy"))
            .WithTracing(tracing => tracing
                .AddSource(JoyTelemetry.Name, "Wolverine", "Marten")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsScrape(context))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(JoyTelemetry.Name, "Wolverine*", "Marten", "Npgsql", "System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        // Read now, from the service's own settings (file, environment, command line): whether to register an
        // exporter at all cannot wait for the host to be built.
        if (Bind(configuration).OtlpEndpoint is { Length: > 0 } endpoint)
        {
            var protocol = Bind(configuration).OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, new Uri(endpoint));
        }
    }

    /// <summary>GET /metrics, and the gauges, when telemetry is on (the settings are complete by now).</summary>
    public static void MapJoyTelemetry(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<TelemetryOptions>().Enabled)
        {
            return;
        }

        app.Services.GetRequiredService<TelemetryGauges>();
        app.MapPrometheusScrapingEndpoint().ExcludeFromDescription().RequireRole(Role.Reader);
    }

    private static bool IsScrape(HttpContext context) => context.Request.Path.StartsWithSegments("/metrics");

    private static TelemetryOptions Bind(IConfiguration configuration)
    {
        var options = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.Section).Bind(options);
        return options;
    }
}
