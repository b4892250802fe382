using System.Diagnostics;
using Joy.Executor;
using Joy.Executor.Docker;

namespace Joy.Bench;

public static partial class EngineBenchmark
{
    /// <summary>
    /// The baseline of (a): the same containers straight through the Docker Engine API (create, start, wait,
    /// inspect, logs, remove), MaxRunningJobs at a time per node, the runs spread over the nodes in turn.
    /// </summary>
    private static async Task<TimeSpan> DirectAsync(ExecutorOptions options, int count)
    {
        var nodes = options.Nodes.Select(pair => (Client: new DockerClient(pair.Key, pair.Value), Gate: new SemaphoreSlim(pair.Value.MaxRunningJobs))).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                var (client, gate) = nodes[i % nodes.Count];
                await gate.WaitAsync();
                try
                {
                    var id = (await client.CreateContainerAsync(new CreateContainerParameters
                    {
                        Image = "joy-busybox:latest",
                        Cmd = ["sh", "-c", ":"],
                        WorkingDir = "/workdir",
                        NetworkDisabled = true,
                        Labels = new Dictionary<string, string> { ["joy.service"] = "joy-bench-direct" },
                        HostConfig = new HostConfig { NetworkMode = "none", Memory = 512L << 20, PidsLimit = 256 },
                    })).Id;
                    await client.StartContainerAsync(id);
                    await client.WaitContainerAsync(id);
                    await client.InspectContainerAsync(id);
                    await client.GetContainerLogsAsync(id, 1 << 20);
                    await client.RemoveContainerAsync(id);
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
