using System.Text;
using System.Text.Json;

namespace Joy.Executor.Meter;

/// <summary>
/// What joy-meter counted: CPU time (user + system) and peak resident memory of the whole process tree, from
/// getrusage once all of it was reaped; its wall time; which limit it ended the tree at (<c>cpu</c>, <c>wall</c>);
/// the memory cgroup's OOM kills and how often its usage hit the memory limit (null when the cgroup was not visible).
/// </summary>
public sealed record MeterReport(long CpuTimeMs, long PeakMemoryBytes, long WallTimeMs, string? Timeout, long? OomKills, long? MemoryLimitHits)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Line(long CpuTimeMs, long PeakMemoryBytes, long WallTimeMs, string? Timeout, long? OomKills, long? MemoryLimitHits);

    private static byte[] Marker(string key) => Encoding.ASCII.GetBytes($"joy-meter {key} ");

    /// <summary>
    /// The meter's line taken out of a log: the last one carrying <paramref name="key"/>, up to its newline. Null
    /// when there is none or it was cut (a truncated log); a cut line is taken out of the log all the same.
    /// </summary>
    public static (byte[] Log, MeterReport? Report) Extract(byte[] log, string key)
    {
        var marker = Marker(key);
        var start = log.AsSpan().LastIndexOf(marker);
        if (start < 0)
        {
            return (log, null);
        }

        var length = log.AsSpan(start).IndexOf((byte)'\n');
        var end = length < 0 ? log.Length : start + length + 1;
        var rest = log[..start].Concat(log[end..]).ToArray();
        return (rest, length < 0 ? null : Parse(log.AsSpan((start + marker.Length)..(end - 1))));
    }

    private static MeterReport? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<Line>(json, Json) is { } line
                ? new MeterReport(line.CpuTimeMs, line.PeakMemoryBytes, line.WallTimeMs, line.Timeout, line.OomKills, line.MemoryLimitHits)
                : null;
        }
        catch (JsonException)
        {
            return null; // not the meter's after all: the run is reported without figures rather than with wrong ones
        }
    }
}
