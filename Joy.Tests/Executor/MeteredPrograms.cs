using System.Diagnostics;
using Joy.Application.Execution;

namespace Joy.Tests.Executor;

/// <summary>
/// The meter's yardsticks: GNU time (the host's /usr/bin/time, for the runner image, also Debian bookworm) and the
/// test programs in <c>Programs/</c>, compiled once with the host's gcc. Handed to a run as input files.
/// </summary>
public static class MeteredPrograms
{
    public const string Image = "joy-runner:latest";

    private static readonly Lazy<string> Built = new(Build);

    public static ActorInput GnuTime => ActorInput.FromFile("/usr/bin/time");

    public static ActorInput Program(string name) => ActorInput.FromFile(Path.Combine(Built.Value, name));

    /// <summary>The figures of GNU time's <c>-v</c> report: user + system CPU time in ms, maximum resident set in bytes.</summary>
    public static (long CpuTimeMs, long PeakMemoryBytes) Parse(string report)
    {
        string Field(string name) => report.Split('\n').Single(line => line.TrimStart().StartsWith(name, StringComparison.Ordinal)).Split(": ")[1].Trim();
        var seconds = decimal.Parse(Field("User time (seconds)"), System.Globalization.CultureInfo.InvariantCulture)
                      + decimal.Parse(Field("System time (seconds)"), System.Globalization.CultureInfo.InvariantCulture);
        return ((long)(seconds * 1000), long.Parse(Field("Maximum resident set size (kbytes)"), System.Globalization.CultureInfo.InvariantCulture) * 1024);
    }

    private static string Build()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Executor", "Programs");
        var target = Directory.CreateTempSubdirectory("joy-metered-").FullName;
        foreach (var file in Directory.GetFiles(source, "*.c"))
        {
            using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O1", "-o", Path.Combine(target, Path.GetFileNameWithoutExtension(file)), file])
            {
                RedirectStandardError = true,
            })!;
            var errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
            {
                throw new InvalidOperationException($"gcc {file}: {errors}");
            }
        }

        return target;
    }
}
