using System.Text.RegularExpressions;
using Joy.Domain.Asl;

namespace Joy.Domain.Definitions;

/// <summary>Validation of definitions before anything is stored; returns every problem found.</summary>
public static partial class DefinitionValidator
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static IReadOnlyList<ValidationProblem> Validate(StateMachineDefinition machine, IReadOnlySet<string> knownActors)
    {
        var problems = new List<ValidationProblem>();
        CheckName(machine.Name, problems);
        if (machine.Definition is null)
        {
            problems.Add(new("/definition", "definition is required."));
        }
        else
        {
            problems.AddRange(AslParser.Parse(machine.Definition, knownActors, at: "/definition").Problems);
        }

        CheckLimitation(machine.Limitation, "/limitation", problems);
        return problems;
    }

    private static void CheckName(string? name, List<ValidationProblem> problems)
    {
        if (!IsValidName(name))
        {
            problems.Add(new("/name", "name is 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }
    }

    /// <summary>Limits given elsewhere (an instance's own): the same rules as an actor's, under <paramref name="pointer"/>.</summary>
    public static IReadOnlyList<ValidationProblem> ValidateLimitation(Limitation? limits, string pointer)
    {
        var problems = new List<ValidationProblem>();
        CheckLimitation(limits, pointer, problems);
        return problems;
    }

    private static void CheckLimitation(Limitation? limits, string pointer, List<ValidationProblem> problems)
    {
        if (limits is null)
        {
            return;
        }

        void AtLeast(long? value, long minimum, string name)
        {
            if (value < minimum)
            {
                problems.Add(new($"{pointer}/{name}", $"{name} must be at least {minimum}."));
            }
        }

        AtLeast(limits.CpuPeriod, 1000, "cpuPeriod");
        AtLeast(limits.CpuQuota, 1000, "cpuQuota");
        AtLeast(limits.Memory, 1 << 20, "memory");
        AtLeast(limits.PidsLimit, 1, "pidsLimit");
        AtLeast(limits.BlkioDeviceReadBps, 1, "blkioDeviceReadBps");
        AtLeast(limits.BlkioDeviceWriteBps, 1, "blkioDeviceWriteBps");
        AtLeast(limits.ExecutionTimeout, 1, "executionTimeout");
        AtLeast(limits.CpuTimeLimitMs, 1, "cpuTimeLimitMs");
        if (limits.CpuPeriod > 1_000_000)
        {
            problems.Add(new($"{pointer}/cpuPeriod", "cpuPeriod must be at most 1000000 (one second)."));
        }

        // Docker: memorySwap is memory plus swap, so it cannot be below memory; -1 means unlimited swap.
        if (limits.MemorySwap is { } swap && swap != -1 && (swap < (limits.Memory ?? 0) || swap < 1))
        {
            problems.Add(new($"{pointer}/memorySwap", "memorySwap must be -1 or at least memory."));
        }

        for (var i = 0; i < (limits.Ulimits?.Count ?? 0); i++)
        {
            var ulimit = limits.Ulimits![i];
            if (string.IsNullOrWhiteSpace(ulimit.Name) || ulimit.Soft < 0 || ulimit.Soft > ulimit.Hard)
            {
                problems.Add(new($"{pointer}/ulimits/{i}", "A ulimit has a name and 0 <= soft <= hard."));
            }
        }
    }
}
