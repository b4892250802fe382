using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Joy.Application.Telemetry;

/// <summary>
/// Joy's own trace source and the instruments counted where things happen (runs, callbacks, blobs).
/// Static, like Wolverine's and Marten's: a counter costs nothing until a MeterProvider listens, and the
/// code that counts needs no extra constructor parameter. The sampled gauges are in <see cref="TelemetryGauges"/>.
/// </summary>
public static class JoyTelemetry
{
    public const string Name = "Joy";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>(
        "joy.runs.started", "{run}", "Containers placed on a node");

    public static readonly Counter<long> RunsEnded = Meter.CreateCounter<long>(
        "joy.runs.ended", "{run}", "Runs whose outcome was recorded");

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram(
        "joy.run.duration", "s", "A run's container time, start to exit",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
        "joy.run.queue_wait", "s", "From a run's request to its claim with a node slot",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    public static readonly Counter<long> CallbackAttempts = Meter.CreateCounter<long>(
        "joy.callback.attempts", "{attempt}", "Callback POSTs tried");

    public static readonly Counter<long> CallbackFailures = Meter.CreateCounter<long>(
        "joy.callback.failures", "{attempt}", "Callback POSTs that were not answered with 2xx");

    public static readonly Counter<long> BlobBytesIn = Meter.CreateCounter<long>(
        "joy.blob.bytes_in", "By", "Bytes written to the blob store");

    public static readonly Counter<long> BlobBytesOut = Meter.CreateCounter<long>(
        "joy.blob.bytes_out", "By", "Bytes read from the blob store");

    // Runs last from milliseconds (a cached compile) to the wall-clock limit (minutes).
    private static IReadOnlyList<double> Buckets => [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>A run's outcome as a low-cardinality label.</summary>
    public static string Outcome(Execution.ActorRunResult? result) => result switch
    {
        null => "lost",
        { TimedOut: true } => "timed_out",
        { OomKilled: true } => "oom",
        { Succeeded: true } => "succeeded",
        _ => "failed",
    };
}
