namespace Joy.Application.Telemetry;

/// <summary>Bound from <c>Joy:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Joy:Telemetry";

    /// <summary>False: no tracer or meter provider at all, and no /metrics (the benchmark's "off").</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the gauges read from the database (queue, slots, instances, daemon lag) are sampled.</summary>
    public double SampleSeconds { get; set; } = 10;

    /// <summary>An OTLP collector (e.g. http://localhost:4317) to export traces and metrics to; none by default.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>"grpc" (default) or "http/protobuf".</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    public TimeSpan SampleInterval => TimeSpan.FromSeconds(SampleSeconds);
}
