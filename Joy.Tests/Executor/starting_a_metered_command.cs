using Docker.DotNet.Models;
using Joy.Application.Execution;

namespace Joy.Tests.Executor;

/// <summary>
/// What joy-meter does itself, without a C library, as the container's PID 1: finds the command on PATH as
/// posix_spawnp does, and passes on the signals the daemon sends the container.
/// </summary>
public sealed class starting_a_metered_command
{
    [Fact]
    public async Task a_command_not_on_the_path_exits_127_and_is_still_metered()
    {
        await using var executor = await TestExecutor.StartAsync();

        var result = await executor.Runner.RunAsync(Requests.Command("no-such-command", "x"));

        result.ExitCode.ShouldBe(127);
        result.CpuTimeMs.ShouldNotBeNull();
        result.LogText().ShouldBe("joy-meter: cannot run no-such-command: No such file or directory\n");
    }

    [Fact]
    public async Task a_command_found_on_the_path_gets_its_arguments_and_not_the_meters_key()
    {
        await using var executor = await TestExecutor.StartAsync();

        var result = await executor.Runner.RunAsync(Requests.Command("sh", "-c", "echo \"$0 $1\"; env | grep -c JOY_METER_KEY", "a b", "c"));

        result.ExitCode.ShouldBe(1); // grep found nothing
        result.LogText().ShouldBe("a b c\n0\n");
        result.CpuTimeMs.ShouldNotBeNull();
    }

    [Fact]
    public async Task a_sigterm_to_the_container_reaches_the_command()
    {
        await using var executor = await TestExecutor.StartAsync();
        var placed = new TaskCompletionSource<ActorRunPlacement>();
        var request = Requests.Command("sleep", "30") with
        {
            InstanceLimits = new ContainerLimits { TimeoutMs = 20_000 },
            OnPlaced = (placement, _) => Task.FromResult(placed.TrySetResult(placement)),
        };
        var run = executor.Runner.RunAsync(request);
        var placement = await placed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await node_capacity.WaitUntilAsync(() => executor.ContainersAsync().Result.Any(each => each.State == "running"));

        await executor.Pool.FindNode(placement.Node)!.Client.CallAsync(
            "signal container",
            (docker, token) => docker.Containers.KillContainerAsync(placement.ContainerId, new ContainerKillParameters { Signal = "SIGTERM" }, token),
            CancellationToken.None);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        result.TimedOut.ShouldBeFalse(); // not ended at its wall-clock limit: the meter passed SIGTERM on
        result.ExitCode.ShouldBe(128 + 15);
        result.CpuTimeMs.ShouldNotBeNull();
    }
}
