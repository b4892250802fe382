using Docker.DotNet.Models;
using Joy.Application.Execution;
using Joy.Executor.Meter;

namespace Joy.Executor.Runs;

/// <summary>Turns a run request plus the merged limits into Docker.DotNet's create-container body. Pure.</summary>
public static class ContainerSpec
{
    public const string WorkDir = "/workdir";
    public const string ScriptPath = "/workdir/.joy/run.sh";

    public const string RunLabel = "joy.run";
    public const string InstanceLabel = "joy.instance";
    public const string ServiceLabel = "joy.service";
    public const string DebugLabel = "joy.debug";

    /// <summary>Defaults &lt; configuration &lt; node &lt; actor &lt; instance, key by key.</summary>
    public static ContainerLimits EffectiveLimits(ExecutorOptions options, NodeOptions node, ActorRunRequest request) =>
        ContainerLimits.Merge(
            ContainerLimits.BuiltInDefaults, options.Container, node.Container, request.Actor.Limits, request.InstanceLimits);

    /// <param name="image">The image to create it from: the run's, hardened (<see cref="HardenedImages"/>).</param>
    /// <param name="inline">The work dir's files, when the container writes them itself (<see cref="InlineWorkDir"/>).</param>
    /// <param name="meter">When metered: joy-meter is the entrypoint, and runs the image's own entrypoint and the command.</param>
    public static CreateContainerParameters Build(
        ActorRunRequest request, ContainerLimits limits, NodeOptions node, ExecutorOptions options, string image,
        IReadOnlyList<InlineWorkDir.File>? inline = null, MeterMount? meter = null)
    {
        var hardening = options.Hardening;
        var network = NetworkAsked(limits) && hardening.AllowNetwork;
        var command = request.Actor.Command ?? ScriptCommand(request.Actor.Script!);
        var environment = request.Actor.Env.Select(pair => $"{pair.Key}={pair.Value}").ToList();
        if (inline is not null)
        {
            (command, var files) = InlineWorkDir.Wrap(inline, command);
            environment.AddRange(files);
        }

        List<string>? entrypoint = null;
        if (meter is not null)
        {
            // Overriding the entrypoint drops the image's: the meter runs it, with the command as its arguments, as Docker would.
            entrypoint = RunMeter.Entrypoint(limits);
            command = [.. meter.ImageEntrypoint, .. command];
            environment.Add($"{RunMeter.KeyVariable}={meter.Key}");
        }

        return new CreateContainerParameters
        {
            Image = image,
            User = hardening.User,
            Entrypoint = entrypoint!, // null: the image's own
            Cmd = [.. command],
            Env = environment,
            WorkingDir = WorkDir,
            NetworkDisabled = !network,
            Labels = new Dictionary<string, string>
            {
                [RunLabel] = request.RunId,
                [InstanceLabel] = request.InstanceId ?? "",
                [ServiceLabel] = options.ServiceName,
                [DebugLabel] = request.Debug ? "true" : "false",
            },
            // The model's members are not nullable: 0, an empty list and "" are what the daemon reads as "not set".
            HostConfig = new HostConfig
            {
                CPUPeriod = limits.CpuPeriod ?? 0,
                CPUQuota = limits.CpuQuota ?? 0,
                Memory = limits.Memory ?? 0,
                MemorySwap = limits.MemorySwap ?? 0,
                PidsLimit = Math.Min(limits.PidsLimit ?? hardening.MaxPidsLimit, hardening.MaxPidsLimit),
                BlkioDeviceReadBps = Throttle(node.DevicePath, limits.BlkioReadBps),
                BlkioDeviceWriteBps = Throttle(node.DevicePath, limits.BlkioWriteBps),
                Ulimits = (limits.Ulimits ?? new Dictionary<string, UlimitValue>())
                    .Select(pair => new Ulimit { Name = pair.Key, Soft = pair.Value.Soft, Hard = pair.Value.Hard })
                    .ToList(),
                Binds = meter is null ? null! : [$"{meter.Volume}:{RunMeter.MountPath}:ro"],
                // The run's own anonymous volume (removed with the container): it survives the exit, for the outputs.
                Mounts = [new Mount { Type = "volume", Target = WorkDir }],
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = $"rw,nosuid,nodev,size={hardening.TmpSizeBytes},mode=1777" },
                ReadonlyRootfs = hardening.ReadOnlyRootFilesystem,
                SecurityOpt = ["no-new-privileges"],
                CapDrop = ["ALL"],
                NetworkMode = network ? "" : "none",
                Privileged = false,
            },
        };
    }

    /// <summary>Whether the run asks for the network; it gets it only where <see cref="ContainerHardening.AllowNetwork"/>.</summary>
    public static bool NetworkAsked(ContainerLimits limits) => limits.EnableNetwork ?? false;

    public static string ImageOf(ActorRunRequest request, NodeOptions node) => request.Actor.Image ?? node.Image;

    // A script with a shebang picks its own interpreter; anything else is plain sh.
    private static List<string> ScriptCommand(string script) =>
        script.StartsWith("#!", StringComparison.Ordinal) ? [ScriptPath] : ["/bin/sh", ScriptPath];

    // Docker needs a device for blkio throttling; without one configured the limit cannot apply.
    private static List<ThrottleDevice> Throttle(string? devicePath, long? rate) =>
        devicePath is { Length: > 0 } && rate is > 0 ? [new ThrottleDevice { Path = devicePath, Rate = (ulong)rate.Value }] : [];
}
