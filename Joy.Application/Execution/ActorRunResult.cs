using System.Text.Json;

namespace Joy.Application.Execution;

/// <summary>What a run produced. <see cref="Error"/> is set only when the run could not be carried out or
/// broke its contract; a non-zero exit, a timeout or an OOM kill are facts for the state machine to judge.</summary>
public sealed record ActorRunResult
{
    public required string RunId { get; init; }

    public long? ExitCode { get; init; }

    public bool OomKilled { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>Which limit ended the run when <see cref="TimedOut"/>: <see cref="TimeoutReasons.Cpu"/> or <see cref="TimeoutReasons.Wall"/>.</summary>
    public string? TimeoutReason { get; init; }

    /// <summary>From the container's start to its stop, as the daemon reports them.</summary>
    public long DurationMs { get; init; }

    /// <summary>User + system CPU time of the actor's process tree, as the kernel counted it; null without the meter.</summary>
    public long? CpuTimeMs { get; init; }

    /// <summary>The largest resident set of any one process of the run (what the OOM killer weighs); null without the meter.</summary>
    public long? PeakMemoryBytes { get; init; }

    /// <summary>
    /// Whether the container's memory usage reached its limit at some point (the memory cgroup's count); null
    /// without the meter. Tells a run stopped by a time limit while stalled reclaiming memory at its limit.
    /// </summary>
    public bool? MemoryLimitHit { get; init; }

    /// <summary>The actor's wall time: the meter's, from the command's start to its last process's end; else <see cref="DurationMs"/>.</summary>
    public long? WallTimeMs { get; init; }

    public string? Node { get; init; }

    public string? ContainerId { get; init; }

    /// <summary>Output name -> the reference the sink returned for it.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = new Dictionary<string, string>();

    /// <summary>stdout and stderr interleaved, capped at the configured size; kept on success too.</summary>
    public byte[] Log { get; init; } = [];

    public bool LogTruncated { get; init; }

    /// <summary>The "Data" member of /workdir/return.json, when present.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>An error name in the state machine's vocabulary, see <see cref="ActorRunErrors"/>.</summary>
    public string? Error { get; init; }

    public string? Cause { get; init; }

    public bool Succeeded => Error is null && !TimedOut && !OomKilled && ExitCode == 0;
}

/// <summary>Why a run timed out.</summary>
public static class TimeoutReasons
{
    /// <summary>Its CPU time reached the actor's <c>cpuTimeLimitMs</c>.</summary>
    public const string Cpu = "cpu";

    /// <summary>Its wall time reached the actor's <c>executionTimeout</c>.</summary>
    public const string Wall = "wall";
}

/// <summary>Error names a run can end with (States Language style).</summary>
public static class ActorRunErrors
{
    public const string NodeLost = "Joy.NodeLost";
    public const string Killed = "Joy.Killed";
    public const string DockerError = "Joy.DockerError";
    public const string ImageNotFound = "Joy.ImageNotFound";

    /// <summary>The actor asks for the network and the service's configuration does not allow it.</summary>
    public const string NetworkNotAllowed = "Joy.NetworkNotAllowed";
    public const string InvalidFileName = "Actor.InvalidFileName";
    public const string OutputMissing = "Actor.OutputMissing";
    public const string ReturnJsonInvalid = "Actor.ReturnJsonInvalid";
}
