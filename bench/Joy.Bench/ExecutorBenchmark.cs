using System.Diagnostics;
using Joy.Application.Execution;
using Joy.Executor;
using Joy.Executor.Nodes;
using Joy.Executor.Runs;
using Microsoft.Extensions.Configuration;

namespace Joy.Bench;

/// <summary>
/// <c>executor [runs] [perNode]</c>: trivial containers (<c>sh -c :</c>) spread over both nodes, through the
/// executor (IActorRunner: queue, create, start, wait, inspect, logs, return.json, remove) and driven directly
/// by raw Engine API requests (create, start, wait, remove) at the same concurrency, interleaved rounds
/// in one process. Prints throughput, the ratio, and p50 of a single run (request to result) each way.
/// </summary>
public static partial class ExecutorBenchmark
{
    private static readonly string[] Trivial = ["sh", "-c", ":"];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0]) : 40;
        var perNode = args.Length > 1 ? int.Parse(args[1]) : 4;
        var options = Options(perNode);
        await using var pool = new NodePool(options);
        await pool.FirstHealthCheck;
        var runner = new DockerActorRunner(pool, options);
        var nodes = pool.Nodes.Where(node => node.IsHealthy).ToList();
        // One raw client per node for the whole benchmark, as the executor keeps one: connections stay pooled.
        var engines = nodes.ToDictionary(node => node.Name, node => new RawEngine(node.Options));
        Console.WriteLine($"executor: {runs} runs of `sh -c :` over {string.Join(", ", nodes.Select(node => node.Name))}, " +
                          $"{perNode} at a time per node, {Environment.ProcessorCount} cores");

        // Warm-up, one full round each way: connections, TLS sessions, the image's first layer mount, and JIT. The
        // client library's code is compiled and tiered up over its first few dozen runs (some 2 s of CPU here),
        // which a shorter warm-up left to the measured rounds; a long-running service pays it once.
        await ThroughExecutorAsync(runner, runs);
        await DirectAsync(nodes, engines, perNode, runs, options);

        var executorRounds = new List<TimeSpan>();
        var directRounds = new List<TimeSpan>();
        for (var round = 0; round < 3; round++)
        {
            executorRounds.Add(await ThroughExecutorAsync(runner, runs));
            directRounds.Add(await DirectAsync(nodes, engines, perNode, runs, options));
        }

        var executorSingles = new List<double>();
        var directSingles = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            executorSingles.Add((await ThroughExecutorAsync(runner, 1)).TotalMilliseconds);
            directSingles.Add((await DirectAsync([nodes[i % nodes.Count]], engines, 1, 1, options)).TotalMilliseconds);
        }

        Report(runs, executorRounds, directRounds, executorSingles, directSingles);
        foreach (var engine in engines.Values)
        {
            engine.Dispose();
        }

        return 0;
    }

    private static async Task<TimeSpan> ThroughExecutorAsync(DockerActorRunner runner, int runs)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, runs).Select(_ => runner.RunAsync(TrivialRequest())));
        clock.Stop();
        if (results.FirstOrDefault(result => !result.Succeeded) is { } failed)
        {
            throw new InvalidOperationException($"run failed: {failed.Error} {failed.Cause} exit {failed.ExitCode}");
        }

        return clock.Elapsed;
    }

    private static ActorRunRequest TrivialRequest() => new()
    {
        RunId = $"bench-{Guid.NewGuid():N}",
        Actor = new ActorSpec { Name = "trivial", Command = Trivial },
        OutputSink = NoOutputs.Instance,
    };

    private static ExecutorOptions Options(int perNode)
    {
        var settings = Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetEnvironmentVariable("JOY_STATE_DIR") is { Length: > 0 } dir ? dir : "/var/lib/joy-dev", "joy.settings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(settings, optional: false).AddEnvironmentVariables().Build();
        var options = ExecutorOptions.FromConfiguration(configuration);
        options.ServiceName = $"joy-bench-{Guid.NewGuid():N}"[..18];
        foreach (var node in options.Nodes.Values)
        {
            node.Image = "joy-busybox:latest";
            node.MaxRunningJobs = perNode;
        }

        return options;
    }

    private sealed class NoOutputs : IActorOutputSink
    {
        public static readonly NoOutputs Instance = new();

        public Task<string> StoreAsync(string runId, string name, Stream content, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the trivial actor declares no outputs");
    }
}
