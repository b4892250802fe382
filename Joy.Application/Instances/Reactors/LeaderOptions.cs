namespace Joy.Application.Instances.Reactors;

/// <summary>How a <see cref="LeaderLoop"/> waits; part of <see cref="TimerOptions"/> and <see cref="CallbackOptions"/>.</summary>
public class LeaderOptions
{
    /// <summary>How often a standby process tries to take the duty over.</summary>
    public TimeSpan LockRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest sleep with nothing due: a safety net for a NOTIFY lost with a dropped connection.</summary>
    public TimeSpan MaxIdle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause after a connection failure before trying again.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(1);
}
