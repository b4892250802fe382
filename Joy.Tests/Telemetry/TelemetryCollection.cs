namespace Joy.Tests.Telemetry;

/// <summary>
/// The telemetry tests run alone, after the other test classes. Meter listeners are process-wide: the SDK merges
/// instruments with the same meter and instrument names into one stream, whichever host made them, and when any
/// host stops beside a scraped one (not only another telemetry test's) it disposes instruments identical to the
/// scraped host's, so that host's gauges and Wolverine series vanish from its scrape. A service runs one host per
/// process, so only a test process, with many hosts, meets this.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
