using System.Text.Json.Nodes;
using Joy.Application.Execution;
using Joy.Domain.Definitions;

namespace Joy.Application.Instances;

/// <summary>Translations between the domain's run vocabulary and the executor's port. Pure.</summary>
public static class RunRequests
{
    /// <summary>The file the Task's effective input is written to, for actors that read their input (the judge's summarize).</summary>
    public const string InputFileName = "input.json";

    public static ActorSpec Spec(ActorDefinition actor) => new()
    {
        Name = actor.Name,
        Image = actor.Image,
        Command = actor.Command,
        Script = actor.Script,
        Outputs = actor.Outputs ?? [],
        Env = actor.Env ?? new Dictionary<string, string>(),
        Limits = Limits(actor.Limitation),
    };

    /// <summary>
    /// The actor snapshot's limits, already merged by the interpreter (state machine defaults &lt; actor &lt;
    /// Task TimeoutSeconds); the executor lays them over its configured and node defaults key by key.
    /// </summary>
    public static ContainerLimits? Limits(Limitation? limits) => limits is null ? null : new ContainerLimits
    {
        CpuPeriod = limits.CpuPeriod,
        CpuQuota = limits.CpuQuota,
        Memory = limits.Memory,
        MemorySwap = limits.MemorySwap,
        PidsLimit = limits.PidsLimit,
        BlkioReadBps = limits.BlkioDeviceReadBps,
        BlkioWriteBps = limits.BlkioDeviceWriteBps,
        Ulimits = limits.Ulimits?.ToDictionary(u => u.Name, u => new UlimitValue { Soft = u.Soft, Hard = u.Hard }),
        TimeoutMs = limits.ExecutionTimeout is long ms ? (int)Math.Min(ms, int.MaxValue) : null,
        CpuTimeLimitMs = limits.CpuTimeLimitMs,
        EnableNetwork = limits.EnableNetwork,
    };

    /// <summary>
    /// The Task result the interpreter reads: <c>{exitCode, oomKilled, timedOut, timeoutReason, durationMs, cpuTimeMs,
    /// peakMemoryBytes, memoryLimitHit, wallTimeMs, node, outputs, log, data}</c>. Results recorded before the meter
    /// lack the five new members; readers take a missing one as null.
    /// </summary>
    public static JsonObject Result(ActorRunResult result, string logBlob)
    {
        var outputs = new JsonObject();
        foreach (var (name, id) in result.Outputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            outputs[name] = new JsonObject { ["blob"] = id };
        }

        return new JsonObject
        {
            ["exitCode"] = result.ExitCode,
            ["oomKilled"] = result.OomKilled,
            ["timedOut"] = result.TimedOut,
            ["timeoutReason"] = result.TimeoutReason,
            ["durationMs"] = result.DurationMs,
            ["cpuTimeMs"] = result.CpuTimeMs,
            ["peakMemoryBytes"] = result.PeakMemoryBytes,
            ["memoryLimitHit"] = result.MemoryLimitHit,
            ["wallTimeMs"] = result.WallTimeMs,
            ["node"] = result.Node,
            ["outputs"] = outputs,
            ["log"] = new JsonObject { ["blob"] = logBlob },
            ["data"] = result.Data is { } data ? JsonNode.Parse(data.GetRawText()) : null,
        };
    }
}
