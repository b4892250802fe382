using System.Collections.Concurrent;
using System.Diagnostics;

namespace Joy.Bench;

public static partial class EventStoreBenchmark
{
    /// <summary>
    /// <c>eventstore lag trace</c>: Marten's daemon spans during the measured lag run, to see where the
    /// lag goes. <c>marten.daemon.highwatermark</c> is one poll cycle of the high-water agent (detecting
    /// the mark, storing it, then waiting for the next poll), by the status it found; the
    /// <c>page.loading</c> and <c>page.execution</c> spans are each subscription's reads of new events and
    /// its handling of them with the progress commit.
    /// </summary>
    private sealed class DaemonTrace : IDisposable
    {
        private readonly ConcurrentQueue<(string Name, string? Status, double Milliseconds)> _spans = new();
        private readonly ActivityListener _listener;
        private volatile bool _recording;

        public DaemonTrace()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Marten",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = span =>
                {
                    if (_recording && span.OperationName.StartsWith("marten.", StringComparison.Ordinal) && !span.OperationName.Contains("connection"))
                    {
                        _spans.Enqueue((span.OperationName, span.GetTagItem("status")?.ToString(), span.Duration.TotalMilliseconds));
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public void Start() => _recording = true;

        public void Stop() => _recording = false;

        public IEnumerable<string> Report() =>
            from span in _spans
            group span.Milliseconds by span.Status is null ? span.Name : $"{span.Name} ({span.Status})" into named
            orderby named.Key
            let sorted = named.Order().ToList()
            select $"span {named.Key}: {sorted.Count}, p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms";

        public void Dispose() => _listener.Dispose();
    }
}
