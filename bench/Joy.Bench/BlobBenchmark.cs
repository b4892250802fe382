using System.Diagnostics;

namespace Joy.Bench;

/// <summary>
/// <c>blobs [megabytes]</c>: a streamed upload and download of 256 MB (default) through the real
/// service on Kestrel over a loopback socket, side by side with the same bytes written and read by
/// plain Npgsql COPY/SELECT, each against its own fresh database. Prints MB/s, the ratio to the
/// baseline, and the process's peak memory growth during each transfer.
/// </summary>
public static partial class BlobBenchmark
{
    private const int WarmUpMegabytes = 16;

    // The machine is shared; the median of a few runs is steadier than one.
    private const int DefaultRuns = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = args.Length > 0 ? int.Parse(args[0]) : 256;
        var runs = args.Length > 1 ? int.Parse(args[1]) : DefaultRuns;
        var size = megabytes * 1024L * 1024;
        Console.WriteLine($"blobs: {megabytes} MiB each way, {runs} runs, {Environment.ProcessorCount} cores, " +
                          $"server GC: {System.Runtime.GCSettings.IsServerGC}, load average: {LoadAverage()}");

        Measured baseline;
        await using (var database = await BenchDatabase.CreateAsync())
        {
            baseline = await CopyBaselineAsync(database.ConnectionString, size, runs, WarmUpMegabytes * 1024L * 1024);
        }

        Measured joy;
        await using (var database = await BenchDatabase.CreateAsync())
        {
            joy = await ThroughServiceAsync(database.ConnectionString, size, runs, WarmUpMegabytes * 1024L * 1024);
        }

        Console.WriteLine();
        Console.WriteLine($"median of {runs} runs; memory: the largest growth of any run");
        Console.WriteLine("| path | upload MB/s | download MB/s | peak working-set growth up / down | peak managed-heap growth up / down |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        Print("Npgsql COPY / SELECT (baseline)", baseline);
        Print("Joy HTTP (Kestrel, loopback)", joy);
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        Console.WriteLine($"ratio Joy / baseline: upload {joy.Up.MegabytesPerSecond / baseline.Up.MegabytesPerSecond:0.00}, " +
                          $"download {joy.Down.MegabytesPerSecond / baseline.Down.MegabytesPerSecond:0.00}");
        var met = joy.Up.MegabytesPerSecond >= 100 && joy.Down.MegabytesPerSecond >= 100
            && Math.Max(joy.Up.WorkingSetGrowth, joy.Down.WorkingSetGrowth) < 64L << 20;
        Console.WriteLine($"targets (>= 100 MB/s each way, growth < 64 MB): {(met ? "met" : "NOT met")}");
        return 0;
    }

    private static void Print(string name, Measured m) =>
        Console.WriteLine($"| {name} | {m.Up.MegabytesPerSecond:0} | {m.Down.MegabytesPerSecond:0} | " +
                          $"{Mb(m.Up.WorkingSetGrowth)} / {Mb(m.Down.WorkingSetGrowth)} MB | {Mb(m.Up.HeapGrowth)} / {Mb(m.Down.HeapGrowth)} MB |");

    // Other work on a shared machine moves these figures more than any tuning does; say how busy it was.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0");

    private sealed record Transfer(long Bytes, TimeSpan Elapsed, long WorkingSetGrowth, long HeapGrowth, long Allocated)
    {
        // MB = 10^6 bytes, as network throughput is usually quoted.
        public double MegabytesPerSecond => Bytes / 1e6 / Elapsed.TotalSeconds;
    }

    private sealed record Measured(Transfer Up, Transfer Down)
    {
        /// <summary>Median throughput per direction; memory growth the worst seen in any run.</summary>
        public static Measured Summarize(IReadOnlyList<Measured> runs) => new(Median(runs.Select(r => r.Up)), Median(runs.Select(r => r.Down)));

        private static Transfer Median(IEnumerable<Transfer> transfers)
        {
            var list = transfers.OrderBy(t => t.MegabytesPerSecond).ToList();
            return list[list.Count / 2] with
            {
                WorkingSetGrowth = list.Max(t => t.WorkingSetGrowth),
                HeapGrowth = list.Max(t => t.HeapGrowth),
            };
        }
    }

    /// <summary>Times <paramref name="transfer"/> while sampling memory.</summary>
    private static async Task<Transfer> MeasureAsync(string label, long bytes, Func<Task> transfer)
    {
        var sampler = new MemorySampler();
        var stopwatch = Stopwatch.StartNew();
        await transfer();
        stopwatch.Stop();
        await sampler.DisposeAsync();
        var result = new Transfer(bytes, stopwatch.Elapsed, sampler.WorkingSetGrowth, sampler.HeapGrowth, sampler.Allocated);
        Console.WriteLine($"  {label}: {result.MegabytesPerSecond:0} MB/s in {stopwatch.Elapsed.TotalSeconds:0.00} s, " +
                          $"working set +{Mb(result.WorkingSetGrowth)} MB, heap +{Mb(result.HeapGrowth)} MB, allocated {Mb(result.Allocated)} MB");
        return result;
    }
}
