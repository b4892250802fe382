using System.Diagnostics;
using Docker.DotNet.Models;
using Joy.Executor;

namespace Joy.Bench;

public static partial class EngineBenchmark
{
    /// <summary>
    /// The baseline of (a): the same containers straight through the Docker Engine API (create, start, wait,
    /// inspect, logs, remove) as raw requests (<see cref="RawEngine"/>), MaxRunningJobs at a time per node, the
    /// runs spread over the nodes in turn.
    /// </summary>
    private static async Task<TimeSpan> DirectAsync(ExecutorOptions options, int count)
    {
        var nodes = options.Nodes.Values.Select(node => (Client: new RawEngine(node), Gate: new SemaphoreSlim(node.MaxRunningJobs))).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                var (client, gate) = nodes[i % nodes.Count];
                await gate.WaitAsync();
                try
                {
                    var id = await client.CreateAsync(new CreateContainerParameters
                    {
                        Image = "joy-busybox:latest",
                        Cmd = ["sh", "-c", ":"],
                        WorkingDir = "/workdir",
                        NetworkDisabled = true,
                        Labels = new Dictionary<string, string> { ["joy.service"] = "joy-bench-direct" },
                        HostConfig = new HostConfig { NetworkMode = "none", Memory = 512L << 20, PidsLimit = 256 },
                    });
                    await client.StartAsync(id);
                    await client.WaitAsync(id);
                    await client.InspectAsync(id);
                    await client.LogsAsync(id);
                    await client.RemoveAsync(id);
                }
                finally
                {
                    gate.Release();
                }
            }));
            return clock.Elapsed;
        }
        finally
        {
            nodes.ForEach(node => node.Client.Dispose());
        }
    }
}
