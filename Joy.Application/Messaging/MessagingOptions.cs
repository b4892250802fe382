namespace Joy.Application.Messaging;

/// <summary>
/// Bound from <c>Joy:Messaging</c>: Wolverine's timings. Its defaults are tuned for large clusters
/// (a minute to notice a dead node); Joy's move a timer, a retry or a dead process's work within a
/// second or a few.
/// </summary>
public sealed class MessagingOptions
{
    public const string Section = "Joy:Messaging";

    /// <summary>
    /// How often due scheduled messages (Wait states, retry back-offs, execution timeouts, callback
    /// retries) are looked for: the most a timer fires late.
    /// </summary>
    public TimeSpan ScheduledPolling { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often each process writes its heartbeat and the leader checks the others': six beats fit in
    /// <see cref="StaleNodeTimeout"/>, and Wolverine ejects a node only when two checks in a row find it
    /// stale, so a live but busy process is not taken for dead.
    /// </summary>
    public TimeSpan HealthCheckPolling { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A process whose heartbeat is this old is dead: its messages and agents move to the others. With
    /// the time a survivor needs to start what it takes over (the projection daemon, the firing agent)
    /// on a busy machine, 1.5 s keeps failover under 5 s.
    /// </summary>
    public TimeSpan StaleNodeTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How often the leader reassigns agents (the schedules' firing agent) among the live processes.</summary>
    public TimeSpan NodeReassignmentPolling { get; set; } = TimeSpan.FromMilliseconds(500);

    public void Validate()
    {
        var problems = new List<string>();
        if (ScheduledPolling <= TimeSpan.Zero) problems.Add("ScheduledPolling must be positive");
        if (HealthCheckPolling <= TimeSpan.Zero) problems.Add("HealthCheckPolling must be positive");
        if (StaleNodeTimeout <= HealthCheckPolling) problems.Add("StaleNodeTimeout must be longer than HealthCheckPolling");
        if (NodeReassignmentPolling <= TimeSpan.Zero) problems.Add("NodeReassignmentPolling must be positive");
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{Section}: {string.Join("; ", problems)}.");
        }
    }
}
