using System.Diagnostics;
using Joy.Executor;
using Joy.Executor.Nodes;
using Joy.Executor.Runs;

namespace Joy.Bench;

public static partial class ExecutorBenchmark
{
    /// <summary>
    /// The baseline: the bare Docker calls a container needs, as raw Engine API requests (<see cref="RawEngine"/>),
    /// at the same per-node concurrency.
    /// </summary>
    private static async Task<TimeSpan> DirectAsync(
        IReadOnlyList<DockerNode> nodes, IReadOnlyDictionary<string, RawEngine> engines, int perNode, int runs, ExecutorOptions options)
    {
        var gates = nodes.ToDictionary(node => node.Name, _ => new SemaphoreSlim(perNode));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, runs).Select(async i =>
        {
            var node = nodes[i % nodes.Count];
            await gates[node.Name].WaitAsync();
            try
            {
                // The very create body the executor sends (labels, limits, no network, no privileges).
                var request = TrivialRequest();
                var limits = ContainerSpec.EffectiveLimits(options, node.Options, request);
                var engine = engines[node.Name];
                var id = await engine.CreateAsync(ContainerSpec.Build(request, limits, node.Options, options, ContainerSpec.ImageOf(request, node.Options)));
                await engine.StartAsync(id);
                var exit = await engine.WaitAsync(id);
                await engine.RemoveAsync(id);
                if (exit != 0)
                {
                    throw new InvalidOperationException($"direct run exited {exit}");
                }
            }
            finally
            {
                gates[node.Name].Release();
            }
        }));
        return clock.Elapsed;
    }

    private static void Report(int runs, List<TimeSpan> executor, List<TimeSpan> direct, List<double> executorSingles, List<double> directSingles)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }

        var executorRate = Median(executor.Select(elapsed => runs / elapsed.TotalSeconds));
        var directRate = Median(direct.Select(elapsed => runs / elapsed.TotalSeconds));
        Console.WriteLine();
        Console.WriteLine("| path | runs/s per round | median runs/s | p50 single run (ms) |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| direct Docker API (create, start, wait, remove) | {string.Join(" / ", direct.Select(e => (runs / e.TotalSeconds).ToString("0.0")))} | {directRate:0.0} | {Median(directSingles):0} |");
        Console.WriteLine($"| Joy executor (IActorRunner.RunAsync) | {string.Join(" / ", executor.Select(e => (runs / e.TotalSeconds).ToString("0.0")))} | {executorRate:0.0} | {Median(executorSingles):0} |");
        Console.WriteLine();
        var ratio = executorRate / directRate;
        Console.WriteLine($"throughput ratio executor / direct: {ratio:0.00} (target >= 0.9: {(ratio >= 0.9 ? "met" : "NOT met")})");
        Console.WriteLine($"p50 single run: executor {Median(executorSingles):0} ms vs direct {Median(directSingles):0} ms " +
                          $"(+{Median(executorSingles) - Median(directSingles):0} ms)");
    }
}
