using System.Diagnostics;
using Joy.Application.Execution;
using Joy.Executor;
using Joy.Executor.Nodes;
using Joy.Executor.Runs;

namespace Joy.Bench;

public static partial class EngineBenchmark
{
    /// <summary>
    /// The executor alone (IActorRunner over the node pool, no engine, no database), with the same work dir
    /// upload Joy makes (input.json): splits Joy's overhead between the container contract and the engine.
    /// </summary>
    private static async Task<TimeSpan> ExecutorAsync(ExecutorOptions options, int count)
    {
        await using var pool = new NodePool(options);
        await pool.FirstHealthCheck;
        var runner = new DockerActorRunner(pool, options);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => runner.RunAsync(new ActorRunRequest
        {
            RunId = $"bench-{Guid.NewGuid():N}",
            Actor = new ActorSpec { Name = "noop", Image = "joy-busybox:latest", Command = ["sh", "-c", ":"] },
            Inputs = new Dictionary<string, ActorInput> { ["input.json"] = ActorInput.FromText("{}") },
            OutputSink = new DiscardSink(),
        })));
        return clock.Elapsed;
    }

    private sealed class DiscardSink : IActorOutputSink
    {
        public async Task<string> StoreAsync(string runId, string name, Stream content, CancellationToken cancellationToken)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
            return name;
        }
    }
}
