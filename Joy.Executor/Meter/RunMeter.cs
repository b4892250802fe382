using System.Security.Cryptography;
using Joy.Application.Execution;

namespace Joy.Executor.Meter;

/// <summary>
/// joy-meter (<c>joy-meter.c</c> beside this file), the static helper that Joy itself puts into every metered
/// container: it runs as the container's first process, starts the actor's command, ends the whole process
/// tree at its CPU time or wall-clock limit, and reports the kernel's rusage of the tree as the last line of
/// its stderr (see <see cref="MeterReport"/>). It reaches the container through a read-only volume made once
/// per node (<see cref="MeterVolumes"/>), so a run pays neither an archive upload nor a download for it.
/// </summary>
public sealed class RunMeter
{
    public const string MountPath = "/.joy-meter";
    public const string ProgramPath = MountPath + "/joy-meter";

    /// <summary>The run's key: only the meter's own line carries it (the meter wipes it before the command starts).</summary>
    public const string KeyVariable = "JOY_METER_KEY";

    /// <summary>The longest line the meter writes (its buffer in joy-meter.c), newline included.</summary>
    public const int MaxLineBytes = 512;

    /// <summary>
    /// How long after the wall-clock limit the executor kills the container itself: the meter ends the tree at
    /// the limit and reports at once, so this only fires when the meter could not (then there is no report).
    /// </summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    private RunMeter(byte[] program)
    {
        Program = program;
        Hash = Convert.ToHexStringLower(SHA256.HashData(program))[..16];
    }

    public byte[] Program { get; }

    /// <summary>Names the meter's volumes, so a rebuilt meter gets volumes of its own.</summary>
    public string Hash { get; }

    /// <summary>The meter at <paramref name="path"/>, or null when none is configured. A configured path that is missing is an error.</summary>
    public static RunMeter? Load(string? path) =>
        string.IsNullOrWhiteSpace(path)
            ? null
            : File.Exists(path)
                ? new RunMeter(File.ReadAllBytes(path))
                : throw new InvalidOperationException($"Joy:Executor:MeterPath names '{path}', which does not exist (built by scripts/env.sh up).");

    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The meter and its limits, to run before the image's entrypoint (if any) and the actor's command.</summary>
    public static List<string> Entrypoint(ContainerLimits limits)
    {
        var entrypoint = new List<string> { ProgramPath };
        if (limits.CpuTimeLimitMs is > 0 and var cpu)
        {
            entrypoint.AddRange(["-c", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (limits.TimeoutMs is > 0 and var wall)
        {
            entrypoint.AddRange(["-w", wall.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        entrypoint.Add("--");
        return entrypoint;
    }

    /// <summary>The key a container was created with, or null when it is not metered.</summary>
    public static string? KeyOf(IEnumerable<string>? environment) =>
        environment?.FirstOrDefault(variable => variable.StartsWith(KeyVariable + "=", StringComparison.Ordinal))?[(KeyVariable.Length + 1)..];
}

/// <summary>One metered run's part of its create body: the node's meter volume, the run's key, the image's own entrypoint.</summary>
public sealed record MeterMount(string Volume, string Key, IReadOnlyList<string> ImageEntrypoint);
