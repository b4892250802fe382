namespace Joy.Application.Instances;

/// <summary>Bound from <c>Joy:Dispatcher</c>.</summary>
public sealed class DispatcherOptions
{
    public const string Section = "Joy:Dispatcher";

    /// <summary>False: this process never runs actors (it still serves the API and projections).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a claimed run stays ours without renewal; renewed every third of it.</summary>
    public double LeaseSeconds { get; set; } = 15;

    /// <summary>Fallback wake-up without a notification: expired leases and nodes that became healthy.</summary>
    public double PollSeconds { get; set; } = 3;

    /// <summary>This process's name on its leases (default: host, pid and a random suffix).</summary>
    public string Owner { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// A run's start (node, container, placement time) is appended this long after placement, or with
    /// its result if that comes first: a short run costs one append instead of two.
    /// </summary>
    public double StartedReportDelaySeconds { get; set; } = 1;

    /// <summary>
    /// How often this process removes the containers of runs that have ended (the orphan sweep); 0 turns it off.
    /// A container goes once two sweeps in a row find its run out of the queue.
    /// </summary>
    public double OrphanSweepSeconds { get; set; } = 300;

    public TimeSpan OrphanSweep => TimeSpan.FromSeconds(OrphanSweepSeconds);

    public TimeSpan StartedReportDelay => TimeSpan.FromSeconds(StartedReportDelaySeconds);

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan RenewEvery => TimeSpan.FromSeconds(LeaseSeconds / 3);

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}
