namespace Joy.Application.Execution;

/// <summary>
/// Resource limits of one container. Every member is optional so layers can be merged key by key:
/// configuration defaults &lt; node override &lt; actor &lt; instance (see <see cref="Merge"/>).
/// Sizes are bytes, CPU values microseconds (CFS period/quota), the timeout and the CPU time limit milliseconds.
/// </summary>
public sealed record ContainerLimits
{
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? Memory { get; init; }

    /// <summary>Memory plus swap; equal to <see cref="Memory"/> means no swap.</summary>
    public long? MemorySwap { get; init; }
    public long? PidsLimit { get; init; }
    public long? BlkioReadBps { get; init; }
    public long? BlkioWriteBps { get; init; }

    /// <summary>By ulimit name (nofile, nproc, fsize, ...); merged name by name.</summary>
    public IReadOnlyDictionary<string, UlimitValue>? Ulimits { get; init; }
    public int? TimeoutMs { get; init; }

    /// <summary>CPU time (user + system) of the run's whole process tree; enforced by joy-meter, see <c>RunMeter</c>.</summary>
    public long? CpuTimeLimitMs { get; init; }
    public bool? EnableNetwork { get; init; }

    /// <summary>What applies when configuration says nothing: one CPU, 512 MiB without swap, 256 pids, 60 s.</summary>
    public static ContainerLimits BuiltInDefaults { get; } = new()
    {
        CpuPeriod = 100_000,
        CpuQuota = 100_000,
        Memory = 512L * 1024 * 1024,
        MemorySwap = 512L * 1024 * 1024,
        PidsLimit = 256,
        Ulimits = new Dictionary<string, UlimitValue> { ["nofile"] = new() { Soft = 1024, Hard = 1024 } },
        TimeoutMs = 60_000,
        EnableNetwork = false,
    };

    /// <summary>Merges layers given lowest first; for each key the highest layer that sets it wins.</summary>
    public static ContainerLimits Merge(params IEnumerable<ContainerLimits?> layers)
    {
        var result = new ContainerLimits();
        foreach (var layer in layers)
        {
            if (layer is null)
            {
                continue;
            }

            result = new ContainerLimits
            {
                CpuPeriod = layer.CpuPeriod ?? result.CpuPeriod,
                CpuQuota = layer.CpuQuota ?? result.CpuQuota,
                Memory = layer.Memory ?? result.Memory,
                MemorySwap = layer.MemorySwap ?? result.MemorySwap,
                PidsLimit = layer.PidsLimit ?? result.PidsLimit,
                BlkioReadBps = layer.BlkioReadBps ?? result.BlkioReadBps,
                BlkioWriteBps = layer.BlkioWriteBps ?? result.BlkioWriteBps,
                Ulimits = MergeUlimits(result.Ulimits, layer.Ulimits),
                TimeoutMs = layer.TimeoutMs ?? result.TimeoutMs,
                CpuTimeLimitMs = layer.CpuTimeLimitMs ?? result.CpuTimeLimitMs,
                EnableNetwork = layer.EnableNetwork ?? result.EnableNetwork,
            };
        }

        return result;
    }

    private static IReadOnlyDictionary<string, UlimitValue>? MergeUlimits(
        IReadOnlyDictionary<string, UlimitValue>? lower, IReadOnlyDictionary<string, UlimitValue>? higher)
    {
        if (lower is null || higher is null)
        {
            return higher ?? lower;
        }

        var merged = lower.ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var (name, value) in higher)
        {
            merged[name] = value;
        }

        return merged;
    }
}

public sealed record UlimitValue
{
    public long Soft { get; init; }
    public long Hard { get; init; }
}
