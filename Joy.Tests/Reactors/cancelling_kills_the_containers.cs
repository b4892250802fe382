using Joy.Application.Execution;
using Joy.Domain.Instances;
using Joy.Tests.Executor;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Reactors;

/// <summary>An instance cancelled mid-run: the container of every run it had going is killed, wherever it runs.</summary>
public sealed class cancelling_kills_the_containers(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string OneTask = "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}";

    [Fact]
    public async Task a_run_in_this_process_is_killed_and_its_container_removed()
    {
        await using var executor = await TestExecutor.StartAsync();
        await using var host = await ReactorHost.StartAsync(database.ConnectionString,
            configure: services => services.AddSingleton<IActorRunner>(executor.Runner));
        var (id, run) = await StartSleepingRunAsync(host, executor);

        await host.Commands.HandleAsync(id, new CancelInstance());

        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));
        result.Error.ShouldBe(ActorRunErrors.Killed);
        await Eventually.TrueAsync(async () => (await executor.ContainersAsync()).Count == 0, TimeSpan.FromSeconds(15), "the container to go");
    }

    [Fact]
    public async Task a_run_another_process_started_is_killed_by_its_label()
    {
        await using var executor = await TestExecutor.StartAsync();
        await using var elsewhere = await executor.RestartAsync(); // same nodes and labels, another process's runner
        await using var host = await ReactorHost.StartAsync(database.ConnectionString,
            configure: services => services.AddSingleton<IActorRunner>(elsewhere.Runner));
        var (id, run) = await StartSleepingRunAsync(host, executor);

        await host.Commands.HandleAsync(id, new CancelInstance());

        await Eventually.TrueAsync(async () => (await executor.ContainersAsync()).Count == 0, TimeSpan.FromSeconds(15), "the container to go");
        (await run.WaitAsync(TimeSpan.FromSeconds(30))).Succeeded.ShouldBeFalse();
    }

    /// <summary>An instance whose one Task runs <c>sleep 300</c> in a real container, labelled with the run id.</summary>
    private static async Task<(string Id, Task<ActorRunResult> Run)> StartSleepingRunAsync(ReactorHost host, TestExecutor executor)
    {
        var id = await host.StartAsync(OneTask);
        var runId = (await host.Store.EventsAsync(id)).OfType<ActorRunRequested>().Single().RunId;
        var run = executor.Runner.RunAsync(new ActorRunRequest
        {
            RunId = runId,
            InstanceId = id,
            Actor = new ActorSpec { Name = "work", Script = "sleep 300" },
            OutputSink = new MemorySink(),
            OnPlaced = async (placed, ct) => await host.Commands.HandleAsync(id, new MarkActorRunStarted(runId, placed.Node, placed.ContainerId), cancellationToken: ct),
        });
        await Eventually.TrueAsync(async () => (await executor.ContainersAsync()).Any(c => c.State == "running"), TimeSpan.FromSeconds(30),
            "the container to run");
        return (id, run);
    }
}
