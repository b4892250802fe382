using Joy.Application.Execution;

namespace Joy.Tests.Executor.Hardening;

public class two_runs
{
    [Fact]
    public async Task on_one_node_cannot_read_each_others_files()
    {
        await using var executor = await TestExecutor.StartAsync();
        var secret = $"{Guid.NewGuid():N}";
        var nodes = executor.Options.Nodes.Keys;
        var placed = new TaskCompletionSource();
        // The first leaves its secret in its work dir and /tmp, and is still running while the second looks everywhere.
        var first = executor.Runner.RunAsync(Requests.Script($"echo {secret} > secret.txt; echo {secret} > /tmp/secret.txt; sleep 8")
            .Only("node-1", nodes) with { OnPlaced = (_, _) => { placed.TrySetResult(); return Task.CompletedTask; } });
        await placed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The secret split in two, so that this script, itself in the work dir, does not contain it. Every mount is
        // searched but the root, which is the image's and read-only (a scan of the whole image's /usr outlasted the
        // run's timeout on a loaded machine, and the killed run printed nothing).
        var second = await executor.Runner.RunAsync(Requests.Script(
            $$"""
            sleep 2
            for d in $(awk '{print $2}' /proc/mounts | sort -u); do case $d in /|/proc*|/sys*|/dev*) ;; *) grep -rl "{{secret[..16]}}""{{secret[16..]}}" "$d" ;; esac; done
            echo "searched"
            ls /tmp /workdir
            """).Only("node-1", nodes));

        second.Error.ShouldBeNull(second.Cause);
        second.TimedOut.ShouldBeFalse();
        second.LogText().ShouldNotContain("secret");
        second.LogText().ShouldContain("searched");
        var firstResult = await first;
        firstResult.ExitCode.ShouldBe(0);
        firstResult.Node.ShouldBe(second.Node);
    }
}
