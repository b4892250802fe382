using System.Text.RegularExpressions;

namespace Joy.Application.EventStore;

/// <summary>Bound from <c>Joy:EventStore</c>.</summary>
public sealed partial class EventStoreOptions
{
    public const string Section = "Joy:EventStore";

    /// <summary>The PostgreSQL schema holding every Joy table.</summary>
    public string Schema { get; set; } = "joy";

    /// <summary>
    /// How long a service connection may sit idle inside a transaction before PostgreSQL ends it
    /// (<c>idle_in_transaction_session_timeout</c>).
    /// </summary>
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The async daemon's timings (polling of the high-water mark, and how long a sequence gap with
    /// no live writer waits before it is skipped).
    /// </summary>
    public DaemonTimings Daemon { get; set; } = new();

    /// <summary>When GET /health calls the event store unhealthy.</summary>
    public EventStoreHealthLimits Health { get; set; } = new();

    public void Validate()
    {
        // The schema name is spliced into SQL text, so it must be a plain identifier.
        if (!IdentifierPattern().IsMatch(Schema))
        {
            throw new InvalidOperationException(
                $"{Section}:Schema '{Schema}' must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 40 characters).");
        }

        if (IdleInTransactionTimeout < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"{Section}:IdleInTransactionTimeout must be at least one second.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,39}$")]
    private static partial Regex IdentifierPattern();
}

/// <summary>
/// Bound from <c>Joy:EventStore:Daemon</c>: the high-water mark's timings (which process runs each
/// projection is Wolverine's, <c>Joy:Messaging</c>).
/// </summary>
public sealed class DaemonTimings
{
    /// <summary>High-water polling while events arrive.</summary>
    public TimeSpan FastPolling { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>High-water polling while the log is quiet.</summary>
    public TimeSpan SlowPolling { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a gap with no transaction left that could fill it waits before it is skipped.</summary>
    public TimeSpan StaleSequenceThreshold { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>Bound from <c>Joy:EventStore:Health</c>: Marten's async daemon health check.</summary>
public sealed class EventStoreHealthLimits
{
    /// <summary>How long the high-water mark may stand still while events wait above it.</summary>
    public TimeSpan HighWaterStaleThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many events an async projection or subscription may be behind the high-water mark.</summary>
    public int MaxEventLag { get; set; } = 1000;

    /// <summary>Further behind is still healthy while the lag keeps changing; stuck this long, it is not.</summary>
    public TimeSpan? MaxSameLagTime { get; set; } = TimeSpan.FromSeconds(30);
}
