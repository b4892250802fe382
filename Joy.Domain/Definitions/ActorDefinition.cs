namespace Joy.Domain.Definitions;

/// <summary>
/// What runs in a container: an image (null: the node's), either an argv <see cref="Command"/> or
/// a shell <see cref="Script"/>, the files to collect, limits and environment.
/// </summary>
public sealed record ActorDefinition(
    string Name,
    string? Image = null,
    IReadOnlyList<string>? Command = null,
    string? Script = null,
    IReadOnlyList<string>? Outputs = null,
    Limitation? Limitation = null,
    IReadOnlyDictionary<string, string>? Env = null);

/// <summary>
/// Container limits, in Docker's units (bytes, microseconds for cpuPeriod/cpuQuota), with
/// <see cref="ExecutionTimeout"/> (wall clock) and <see cref="CpuTimeLimitMs"/> (user + system CPU time of the
/// actor's processes) in milliseconds. Null means "not set here".
/// </summary>
public sealed record Limitation(
    long? CpuPeriod = null,
    long? CpuQuota = null,
    long? Memory = null,
    long? MemorySwap = null,
    long? PidsLimit = null,
    long? BlkioDeviceReadBps = null,
    long? BlkioDeviceWriteBps = null,
    IReadOnlyList<Ulimit>? Ulimits = null,
    long? ExecutionTimeout = null,
    bool? EnableNetwork = null,
    long? CpuTimeLimitMs = null)
{
    /// <summary>These limits, with anything unset taken from <paramref name="defaults"/> (e.g. the state machine's).</summary>
    public Limitation Over(Limitation? defaults) => defaults is null ? this : new Limitation(
        CpuPeriod ?? defaults.CpuPeriod,
        CpuQuota ?? defaults.CpuQuota,
        Memory ?? defaults.Memory,
        MemorySwap ?? defaults.MemorySwap,
        PidsLimit ?? defaults.PidsLimit,
        BlkioDeviceReadBps ?? defaults.BlkioDeviceReadBps,
        BlkioDeviceWriteBps ?? defaults.BlkioDeviceWriteBps,
        Ulimits ?? defaults.Ulimits,
        ExecutionTimeout ?? defaults.ExecutionTimeout,
        EnableNetwork ?? defaults.EnableNetwork,
        CpuTimeLimitMs ?? defaults.CpuTimeLimitMs);
}

public sealed record Ulimit(string Name, long Soft, long Hard);

/// <summary>A state machine: an ASL definition (JSON) and limit defaults for the actors it runs.</summary>
public sealed record StateMachineDefinition(string Name, System.Text.Json.Nodes.JsonNode? Definition, Limitation? Limitation = null);
