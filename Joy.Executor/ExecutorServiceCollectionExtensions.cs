using Joy.Application.Execution;
using Joy.Executor.Nodes;
using Joy.Executor.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Joy.Executor;

public static class ExecutorServiceCollectionExtensions
{
    /// <summary>
    /// The node pool (from <c>Joy:Nodes</c>, <c>Joy:Container</c>, <c>Joy:Executor</c>) and the Docker
    /// <see cref="IActorRunner"/>. Health checks start with the pool, on first use.
    /// </summary>
    public static IServiceCollection AddJoyExecutor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => ExecutorOptions.FromConfiguration(configuration));
        services.AddSingleton(provider => new NodePool(
            provider.GetRequiredService<ExecutorOptions>(), provider.GetService<ILogger<NodePool>>()));
        services.AddSingleton(provider => new DockerActorRunner(
            provider.GetRequiredService<NodePool>(),
            provider.GetRequiredService<ExecutorOptions>(),
            provider.GetService<ILogger<DockerActorRunner>>()));
        services.AddSingleton<IActorRunner>(provider => provider.GetRequiredService<DockerActorRunner>());
        services.AddSingleton<INodeDirectory>(provider => new NodePoolDirectory(provider.GetRequiredService<NodePool>()));
        services.AddSingleton<NodeProbe>();
        services.AddSingleton<INodeMonitor, NodePoolMonitor>();
        return services;
    }
}
