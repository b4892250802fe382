namespace Joy.Application.Telemetry;

/// <summary>One reading of the cluster-wide state behind the gauges; replaced whole, never changed.</summary>
public sealed record TelemetrySample(
    IReadOnlyList<(int Priority, long Waiting)> QueueDepth,
    IReadOnlyList<(string Node, long Used, long Free)> Slots,
    IReadOnlyList<(string Status, long Count)> Instances,
    IReadOnlyList<(string Projection, long Lag)> DaemonLag,
    long DeadLetters)
{
    public static readonly TelemetrySample Empty = new([], [], [], [], 0);
}
