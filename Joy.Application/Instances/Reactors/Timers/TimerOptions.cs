namespace Joy.Application.Instances.Reactors;

/// <summary>Bound from <c>Joy:Timers</c>.</summary>
public sealed class TimerOptions : LeaderOptions
{
    public const string Section = "Joy:Timers";

    /// <summary>Most due timers fired in one pass.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Timers fired at once (each one is an append to a different instance).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>When firing fails (e.g. the database was briefly unreachable), try that timer again this much later.</summary>
    public TimeSpan FailureRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failed firings after which a timer is dropped (logged as an error).</summary>
    public int MaxFailures { get; set; } = 20;
}
