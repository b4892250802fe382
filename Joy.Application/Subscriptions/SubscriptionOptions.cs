namespace Joy.Application.Subscriptions;

/// <summary>Bound from <c>Joy:Subscriptions</c>.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Joy:Subscriptions";

    /// <summary>Most events handed to a handler at once.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// The slow safety-net poll when caught up. Appends wake subscribers by NOTIFY; this only
    /// covers a wake-up lost with a dropped connection or with a writer that died between its
    /// commit and its NOTIFY.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// First and last re-check delay while committed events are held back by an older open
    /// transaction. Its rollback sends no notification, so the subscriber must look again itself.
    /// </summary>
    public TimeSpan HeldBackFirstRecheck { get; set; } = TimeSpan.FromMilliseconds(2);

    public TimeSpan HeldBackMaxRecheck { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a standby process tries to take over a subscription another one holds.</summary>
    public TimeSpan LockRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause after a handler or connection failure before trying again.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(1);
}
