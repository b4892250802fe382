using Joy.Application.Execution;

namespace Joy.Tests.Executor.Hardening;

/// <summary>No network for actors, unless the actor asks for it and the operator allows it.</summary>
public class the_network
{
    [Fact]
    public async Task is_out_of_reach_of_an_actor_that_does_not_ask()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.Hardening.AllowNetwork = true);

        var result = await executor.Runner.RunAsync(Requests.Script(
            "nc -w 2 10.255.255.1 80 </dev/null 2>&1; echo \"connect=$?\"; ls /sys/class/net"));

        result.Error.ShouldBeNull(result.Cause);
        var log = result.LogText();
        log.ShouldContain("Network is unreachable");
        log.ShouldContain("connect=1");
        log.ShouldEndWith("\nlo\n");
    }

    [Fact]
    public async Task is_refused_to_an_actor_that_asks_when_the_operator_does_not_allow_it()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Script("echo should-not-run") with { InstanceLimits = new ContainerLimits { EnableNetwork = true } };

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBe(ActorRunErrors.NetworkNotAllowed);
        result.Cause!.ShouldContain("AllowNetwork");
        result.ContainerId.ShouldBeNull();
        (await executor.ContainersAsync()).ShouldBeEmpty();
    }
}
