using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Joy.Bench;

/// <summary>
/// Counts the HTTP requests this process sends while it listens, by method and path (API version dropped,
/// container ids folded to <c>{id}</c>), from HttpClient's own activities: what left the process, whoever made
/// it, including requests a client library makes on its own. Works for any client over SocketsHttpHandler.
/// </summary>
public sealed partial class DockerCallCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public DockerCallCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Counts while <paramref name="work"/> makes <paramref name="runs"/> runs, then prints the calls per run.</summary>
    public static async Task CountAsync(int runs, Func<Task> work)
    {
        using var counter = new DockerCallCounter();
        await work();
        counter.Report(runs);
    }

    /// <summary>Requests seen so far, by call.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>Prints the calls per run as a Markdown table; the nodes' health pings are not a run's, so apart.</summary>
    public void Report(int runs)
    {
        Console.WriteLine($"| Docker calls per run ({runs} runs) | per run |");
        Console.WriteLine("| --- | --- |");
        var perRun = _counts.Where(pair => !pair.Key.EndsWith("/_ping", StringComparison.Ordinal)).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        foreach (var (call, count) in perRun)
        {
            Console.WriteLine($"| {call} | {(double)count / runs:0.##} |");
        }

        Console.WriteLine($"| **all** | **{(double)perRun.Sum(pair => pair.Value) / runs:0.##}** |");
        Console.WriteLine($"| (health pings meanwhile, not per run) | {_counts.Where(pair => pair.Key.EndsWith("/_ping", StringComparison.Ordinal)).Sum(pair => pair.Value)} |");
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
        if (activity.GetTagItem("url.full") is not string url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }

        var path = ContainerId().Replace(ApiVersion().Replace(uri.AbsolutePath, ""), "{id}");
        _counts.AddOrUpdate($"{activity.GetTagItem("http.request.method")} {path}", 1, (_, count) => count + 1);
    }

    [GeneratedRegex("^/v[0-9.]+")]
    private static partial Regex ApiVersion();

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex ContainerId();
}
