using Joy.Application.Execution;
using Joy.Executor.Docker;
using Microsoft.Extensions.Configuration;

namespace Joy.Executor;

/// <summary>
/// The executor's configuration: <c>Joy:Nodes</c> (by node name), <c>Joy:Container</c> (default limits) and
/// <c>Joy:Executor</c> (service name, health checks, log cap, <see cref="ContainerHardening"/>).
/// </summary>
public sealed class ExecutorOptions
{
    /// <summary>Value of the <c>joy.service</c> label: an orphan sweep (<c>RemoveOrphansAsync</c>) only touches its own containers.</summary>
    public string ServiceName { get; set; } = "joy";

    public Dictionary<string, NodeOptions> Nodes { get; set; } = [];

    /// <summary>Default limits; built-in defaults fill what this leaves out.</summary>
    public ContainerLimits? Container { get; set; }

    public int HealthCheckIntervalMs { get; set; } = 5_000;

    public int HealthCheckTimeoutMs { get; set; } = 3_000;

    /// <summary>Consecutive failed pings before a node that was healthy is drained.</summary>
    public int UnhealthyAfterFailures { get; set; } = 2;

    public int LogLimitBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest return.json read; a bigger one is an actor error rather than a memory hazard.</summary>
    public int ReturnJsonLimitBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Outputs come back in one archive read of the whole work dir (the daemon re-execs itself once per read
    /// that finds something, whatever its size) while the other files it carries stay under this many bytes;
    /// past that, one read per file. Also caps the files held in memory until return.json is read.
    /// </summary>
    public long WorkDirReadLimitBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// When a run's script and inputs are all UTF-8 text (no NUL) and together at most this many bytes, the
    /// container writes them into its work dir itself from environment variables (see <c>InlineWorkDir</c>)
    /// instead of receiving an archive upload, which costs the daemon a re-exec of itself. 0: always upload.
    /// Images without <c>/bin/sh</c> always get the upload.
    /// </summary>
    public int InlineWorkDirLimitBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The static joy-meter binary (built from <c>Joy.Executor/Meter/joy-meter.c</c> by <c>scripts/env.sh up</c>).
    /// Set: every run is metered (CPU time, peak memory, the CPU time limit); unset: runs report only what
    /// Docker says, and <c>cpuTimeLimitMs</c> is not enforced.
    /// </summary>
    public string? MeterPath { get; set; }

    /// <summary>The user, root filesystem and network policy of actor containers (<c>Joy:Executor:Hardening</c>).</summary>
    public ContainerHardening Hardening { get; set; } = new();

    public static ExecutorOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection("Joy:Executor").Get<ExecutorOptions>() ?? new ExecutorOptions();
        options.Nodes = configuration.GetSection("Joy:Nodes").Get<Dictionary<string, NodeOptions>>() ?? [];
        options.Container = configuration.GetSection("Joy:Container").Get<ContainerLimits>();
        return options;
    }
}

/// <summary>One node as configured: how to reach it plus what runs there.</summary>
public sealed class NodeOptions : DockerClientOptions
{
    /// <summary>Image for actors that name none.</summary>
    public string Image { get; set; } = "joy-runner:latest";

    public int MaxRunningJobs { get; set; } = 4;

    /// <summary>Block device the blkio read/write limits apply to (e.g. /dev/vda); none: blkio limits are skipped.</summary>
    public string? DevicePath { get; set; }

    /// <summary>This node's overrides of the default limits.</summary>
    public ContainerLimits? Container { get; set; }
}
