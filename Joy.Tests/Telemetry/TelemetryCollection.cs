namespace Joy.Tests.Telemetry;

/// <summary>
/// The telemetry tests one after another: meter and activity listeners are process-wide, and a host that
/// stops beside a scraped one disposes instruments identical to its own (same meter and instrument names),
/// which the SDK had merged into one stream, so the scraped host's gauges and Wolverine series could vanish.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
