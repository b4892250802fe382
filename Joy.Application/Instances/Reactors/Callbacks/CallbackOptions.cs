namespace Joy.Application.Instances.Reactors;

/// <summary>Bound from <c>Joy:Callbacks</c>.</summary>
public sealed class CallbackOptions
{
    public const string Section = "Joy:Callbacks";

    /// <summary>
    /// The only places callbacks go: <c>host</c>, <c>host:port</c> or a URL prefix
    /// (<c>https://judge.example/api/</c>). Empty: every callback is refused.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Attempts in all, the first included; after the last one it gives up.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the second attempt; each later one is <see cref="BackoffRate"/> times longer.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    public double BackoffRate { get; set; } = 2.0;

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>One attempt's limit, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var seconds = InitialDelay.TotalSeconds * Math.Pow(BackoffRate, attempt - 1);
        return seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds);
    }

    public void Validate()
    {
        var problems = new List<string>();
        if (MaxAttempts < 1) problems.Add("MaxAttempts must be at least 1");
        if (BackoffRate < 1) problems.Add("BackoffRate must be at least 1");
        if (Timeout <= TimeSpan.Zero) problems.Add("Timeout must be positive");
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{Section}: {string.Join("; ", problems)}.");
        }
    }
}
