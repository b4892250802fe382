using System.Diagnostics;
using Joy.Application.Execution;
using Joy.Executor.Nodes;
using Joy.Executor.Runs;

namespace Joy.Bench;

public static partial class ExecutorBenchmark
{
    /// <summary>
    /// <c>meter [pairs]</c>: what the accounting adds to one run. The trivial run through two executors over the same
    /// nodes, one with joy-meter (Joy:Executor:MeterPath) and one without, one run at a time, in pairs on the same
    /// node (alternating which goes first, and the node, from pair to pair). Prints p50 of each and of the paired
    /// differences, request to result and the container's own start to exit.
    /// </summary>
    public static async Task<int> MeterAsync(string[] args)
    {
        var pairs = args.Length > 0 ? int.Parse(args[0]) : 40;
        var metered = Options(1);
        if (string.IsNullOrEmpty(metered.MeterPath))
        {
            throw new InvalidOperationException("no Joy:Executor:MeterPath in the settings: run `bash scripts/env.sh up`");
        }

        var plain = Options(1);
        plain.MeterPath = null;
        await using var meteredPool = new NodePool(metered);
        await using var plainPool = new NodePool(plain);
        await Task.WhenAll(meteredPool.FirstHealthCheck, plainPool.FirstHealthCheck);
        var runners = (Metered: new DockerActorRunner(meteredPool, metered), Plain: new DockerActorRunner(plainPool, plain));
        var nodes = meteredPool.Nodes.Where(node => node.IsHealthy).Select(node => node.Name).ToList();
        Console.WriteLine($"meter: {pairs} pairs of single `sh -c :` runs with and without joy-meter over {string.Join(", ", nodes)}, {Environment.ProcessorCount} cores");

        // Warm-up: the meter's volume on each node, connections, JIT.
        for (var i = 0; i < 10; i++)
        {
            await OneAsync(runners.Metered, nodes[i % nodes.Count], expectFigures: true);
            await OneAsync(runners.Plain, nodes[i % nodes.Count], expectFigures: false);
        }

        var (withMeter, without, differences) = (new List<double>(), new List<double>(), new List<double>());
        var (inWith, inWithout, inDifferences) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < pairs; i++)
        {
            var node = nodes[i / 2 % nodes.Count];
            (double Elapsed, long Container) a, b;
            if (i % 2 == 0)
            {
                a = await OneAsync(runners.Metered, node, expectFigures: true);
                b = await OneAsync(runners.Plain, node, expectFigures: false);
            }
            else
            {
                b = await OneAsync(runners.Plain, node, expectFigures: false);
                a = await OneAsync(runners.Metered, node, expectFigures: true);
            }

            withMeter.Add(a.Elapsed);
            without.Add(b.Elapsed);
            differences.Add(a.Elapsed - b.Elapsed);
            inWith.Add(a.Container);
            inWithout.Add(b.Container);
            inDifferences.Add(a.Container - b.Container);
        }

        Console.WriteLine($"  p50 single run with the meter    {Median(withMeter),7:0.0} ms   (mean {withMeter.Average():0.0})");
        Console.WriteLine($"  p50 single run without the meter {Median(without),7:0.0} ms   (mean {without.Average():0.0})");
        Console.WriteLine($"  p50 of the paired differences    {Median(differences),7:0.0} ms   (mean {differences.Average():0.0})");
        // The container's own time, start to exit as the daemon recorded it (whole ms): where the meter's process is.
        Console.WriteLine($"  container start to exit, p50 with / without {Median(inWith):0.0} / {Median(inWithout):0.0} ms, " +
                          $"paired differences p50 {Median(inDifferences):0.0} ms (mean {inDifferences.Average():0.0})");
        return 0;
    }

    private static async Task<(double Elapsed, long Container)> OneAsync(DockerActorRunner runner, string node, bool expectFigures)
    {
        var clock = Stopwatch.StartNew();
        var result = await runner.RunAsync(TrivialRequest() with { RequiredNode = node });
        clock.Stop();
        if (!result.Succeeded || (result.CpuTimeMs is not null) != expectFigures)
        {
            throw new InvalidOperationException($"run failed or metered wrongly: {result.Error} {result.Cause} exit {result.ExitCode} cpu {result.CpuTimeMs}");
        }

        return (clock.Elapsed.TotalMilliseconds, result.DurationMs);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
