using Joy.Application.Execution;

namespace Joy.Tests.Executor.Hardening;

public class a_fork_bomb
{
    [Fact]
    public async Task stops_at_the_pids_limit()
    {
        await using var executor = await TestExecutor.StartAsync();
        // Bounded, so that a missing limit fails the test rather than the machine. The subshell ends at the first fork that
        // fails; its sleeps are counted with shell builtins alone.
        var request = Requests.Script(
            """
            (i=0; while [ $i -lt 400 ]; do sleep 30 & i=$((i + 1)); done)
            set -- /proc/[0-9]*
            echo "processes=$#"
            """) with { InstanceLimits = new ContainerLimits { PidsLimit = 32, TimeoutMs = 30_000 } };

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBeNull(result.Cause);
        var log = result.LogText();
        // Only the count's own digits: the shell's "can't fork" lines come on stderr, which the log may interleave after it.
        var processes = int.Parse(System.Text.RegularExpressions.Regex.Match(log, @"processes=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        processes.ShouldBeLessThanOrEqualTo(32);
        log.ShouldContain("can't fork");
    }
}
