using System.Diagnostics.Metrics;
using Joy.Application.Execution;

namespace Joy.Application.Telemetry;

/// <summary>
/// The observable gauges: cluster-wide state from the last <see cref="TelemetrySampler"/> reading, node
/// health from this process's node pool. On a meter of this host's (IMeterFactory), so a host that stops
/// takes its gauges with it. Reading them touches memory only.
/// </summary>
public sealed class TelemetryGauges
{
    public TelemetryGauges(IMeterFactory meters, TelemetrySampler sampler, INodeDirectory? nodes = null)
    {
        var meter = meters.Create(JoyTelemetry.Name);
        // An empty queue still reports 0 (at priority 0), so the series is there before the first wait.
        meter.CreateObservableGauge("joy.queue.depth", () => (sampler.Current.QueueDepth is [] ? [(0, 0L)] : sampler.Current.QueueDepth)
            .Select(q => new Measurement<long>(q.Waiting, new KeyValuePair<string, object?>("priority", q.Priority))),
            "{run}", "Runs waiting for a node slot");
        meter.CreateObservableGauge("joy.node.slots.used", () => sampler.Current.Slots
            .Select(s => new Measurement<long>(s.Used, Node(s.Node))), "{slot}", "Node slots holding a run");
        meter.CreateObservableGauge("joy.node.slots.free", () => sampler.Current.Slots
            .Select(s => new Measurement<long>(s.Free, Node(s.Node))), "{slot}", "Node slots free");
        meter.CreateObservableGauge("joy.instances", () => sampler.Current.Instances
            .Select(i => new Measurement<long>(i.Count, new KeyValuePair<string, object?>("status", i.Status))),
            "{instance}", "Instances by status");
        meter.CreateObservableGauge("joy.daemon.lag", () => sampler.Current.DaemonLag
            .Select(p => new Measurement<long>(p.Lag, new KeyValuePair<string, object?>("projection", p.Projection))),
            "{event}", "Events an async projection is behind the high-water mark");
        meter.CreateObservableGauge("joy.dead_letters", () => sampler.Current.DeadLetters,
            "{message}", "Messages Wolverine gave up on");
        if (nodes is not null)
        {
            meter.CreateObservableGauge("joy.node.healthy", () => nodes.Nodes
                .Select(n => new Measurement<int>(n.Healthy ? 1 : 0, Node(n.Name))), description: "1 while this process reaches the node");
        }
    }

    private static KeyValuePair<string, object?> Node(string node) => new("node", node);
}
