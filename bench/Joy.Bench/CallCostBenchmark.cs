using System.Diagnostics;
using System.Formats.Tar;
using Joy.Application.Execution;
using Joy.Executor;
using Joy.Executor.Nodes;
using Joy.Executor.Runs;
using Microsoft.Extensions.Configuration;

namespace Joy.Bench;

/// <summary>
/// <c>calls [runs] [rounds]</c>: where the executor's gap to bare Docker calls comes from, on (a)'s trivial
/// container. Interleaved rounds of <c>runs</c> containers, each node's MaxRunningJobs at a time: the bare
/// calls (create with the executor's body, start, wait, inspect + logs, remove; raw requests, see
/// <see cref="RawEngine"/>), plus the upload of <c>input.json</c>, plus the probe for <c>return.json</c> (a
/// download that finds nothing), plus both, and the executor itself. Prints the median runs/s of each and its
/// share of the bare calls', then the Docker calls one executor run makes, as counted leaving the process.
/// </summary>
public static class CallCostBenchmark
{
    private static readonly string[] Variants =
        ["bare calls", "+ upload input.json", "+ probe return.json", "+ upload and probe (the executor's calls)", "executor (IActorRunner)"];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0]) : 40;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
        var settings = Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetEnvironmentVariable("JOY_STATE_DIR") is { Length: > 0 } dir ? dir : "/var/lib/joy-dev", "joy.settings.json");
        var options = ExecutorOptions.FromConfiguration(new ConfigurationBuilder().AddJsonFile(settings).Build());
        options.ServiceName = "joy-bench-calls";
        await using var pool = new NodePool(options);
        await pool.FirstHealthCheck;
        var runner = new DockerActorRunner(pool, options);
        var engines = pool.Nodes.ToDictionary(node => node.Name, node => new RawEngine(node.Options));
        var rates = Variants.ToDictionary(variant => variant, _ => new List<double>());
        for (var round = -1; round < rounds; round++)
        {
            foreach (var variant in Variants)
            {
                var count = round < 0 ? 2 * pool.Nodes.Count : runs; // round -1 warms up
                var clock = Stopwatch.StartNew();
                await (variant.StartsWith("executor", StringComparison.Ordinal)
                    ? ThroughExecutorAsync(runner, count)
                    : BareAsync(pool, engines, options, count, upload: variant.Contains("upload"), probe: variant.Contains("probe")));
                if (round >= 0)
                {
                    rates[variant].Add(count / clock.Elapsed.TotalSeconds);
                }
            }
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var bare = Median(rates[Variants[0]]);
        Console.WriteLine($"| {runs} runs of `sh -c :`, {rounds} rounds | runs/s per round | median | share of bare calls |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var variant in Variants)
        {
            Console.WriteLine($"| {variant} | {string.Join(" / ", rates[variant].Select(rate => rate.ToString("0.0")))} | {Median(rates[variant]):0.0} | {Median(rates[variant]) / bare:P0} |");
        }

        // After the rounds, so each node's first-run checks of the image (once per node and image) are behind us.
        Console.WriteLine();
        await DockerCallCounter.CountAsync(runs, () => ThroughExecutorAsync(runner, runs));

        foreach (var engine in engines.Values)
        {
            engine.Dispose();
        }

        return 0;
    }

    private static ActorRunRequest Request() => new()
    {
        RunId = $"bench-{Guid.NewGuid():N}",
        Actor = new ActorSpec { Name = "noop", Image = "joy-busybox:latest", Command = ["sh", "-c", ":"] },
        Inputs = new Dictionary<string, ActorInput> { ["input.json"] = ActorInput.FromText("{}") },
        OutputSink = new DiscardSink(),
    };

    private static async Task ThroughExecutorAsync(DockerActorRunner runner, int count)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => runner.RunAsync(Request())));
        if (results.FirstOrDefault(result => !result.Succeeded) is { } failed)
        {
            throw new InvalidOperationException($"run failed: {failed.Error} {failed.Cause}");
        }
    }

    private static async Task BareAsync(
        NodePool pool, IReadOnlyDictionary<string, RawEngine> engines, ExecutorOptions options, int count, bool upload, bool probe)
    {
        var nodes = pool.Nodes.ToList();
        var gates = nodes.ToDictionary(node => node.Name, node => new SemaphoreSlim(node.Options.MaxRunningJobs));
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var node = nodes[i % nodes.Count];
            await gates[node.Name].WaitAsync();
            try
            {
                var (request, engine) = (Request(), engines[node.Name]);
                var limits = ContainerSpec.EffectiveLimits(options, node.Options, request);
                var id = await engine.CreateAsync(ContainerSpec.Build(request, limits, node.Options, options, ContainerSpec.ImageOf(request, node.Options)));
                if (upload)
                {
                    await engine.UploadAsync(id, InputTar);
                }

                await engine.StartAsync(id);
                await engine.WaitAsync(id);
                var reads = new List<Task> { engine.InspectAsync(id), engine.LogsAsync(id) };
                if (probe)
                {
                    reads.Add(engine.ProbeAsync(id, "/workdir/return.json"));
                }

                await Task.WhenAll(reads);
                await engine.RemoveAsync(id);
            }
            finally
            {
                gates[node.Name].Release();
            }
        }));
    }

    private static readonly byte[] InputTar = MakeInputTar();

    private static byte[] MakeInputTar()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "input.json") { DataStream = new MemoryStream("{}"u8.ToArray()) });
        }

        return tar.ToArray();
    }

    private sealed class DiscardSink : IActorOutputSink
    {
        public Task<string> StoreAsync(string runId, string name, Stream content, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the trivial actor has no outputs");
    }
}
