using ContainerListResponse = Docker.DotNet.Models.ContainerListResponse;
using Joy.Application.Execution;
using Joy.Executor;
using Joy.Executor.Docker;
using Joy.Executor.Nodes;
using Joy.Executor.Runs;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Executor;

/// <summary>
/// A node pool and runner over the environment's real nodes, with a service name of its own so its
/// containers (labelled joy.service) are told apart from every other test's, and removed on dispose.
/// </summary>
public sealed class TestExecutor : IAsyncDisposable
{
    private TestExecutor(ExecutorOptions options)
    {
        Options = options;
        Pool = new NodePool(options);
        Runner = new DockerActorRunner(Pool, options);
    }

    public ExecutorOptions Options { get; }

    public NodePool Pool { get; }

    public DockerActorRunner Runner { get; }

    public static ExecutorOptions EnvironmentOptions(Action<ExecutorOptions>? configure = null)
    {
        var options = ExecutorOptions.FromConfiguration(TestEnvironment.Configuration);
        options.ServiceName = $"joy-test-{Guid.NewGuid():N}"[..21];
        options.HealthCheckIntervalMs = 200;
        options.HealthCheckTimeoutMs = 2_000;
        foreach (var node in options.Nodes.Values)
        {
            node.Image = "joy-busybox:latest";
        }

        configure?.Invoke(options);
        return options;
    }

    public static async Task<TestExecutor> StartAsync(Action<ExecutorOptions>? configure = null) =>
        await StartAsync(EnvironmentOptions(configure));

    public static async Task<TestExecutor> StartAsync(ExecutorOptions options)
    {
        var executor = new TestExecutor(options);
        await executor.Pool.FirstHealthCheck.WaitAsync(TimeSpan.FromSeconds(30));
        return executor;
    }

    /// <summary>A second executor over the same nodes and service name, as after a restart.</summary>
    public Task<TestExecutor> RestartAsync() => StartAsync(Options);

    /// <summary>This test's containers on every node, by the service label.</summary>
    public async Task<IReadOnlyList<ContainerListResponse>> ContainersAsync(string? node = null)
    {
        var all = new List<ContainerListResponse>();
        foreach (var each in Pool.Nodes.Where(each => node is null || each.Name == node))
        {
            all.AddRange(await each.Client.ListContainersAsync([$"{ContainerSpec.ServiceLabel}={Options.ServiceName}"]));
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Pool.Nodes)
        {
            try
            {
                foreach (var container in await node.Client.ListContainersAsync([$"{ContainerSpec.ServiceLabel}={Options.ServiceName}"]))
                {
                    await node.Client.RemoveContainerAsync(container.ID);
                }
            }
            catch (DockerNodeException)
            {
                // A node a test stopped on purpose has nothing left to clean.
            }
        }

        await Pool.DisposeAsync();
    }
}
