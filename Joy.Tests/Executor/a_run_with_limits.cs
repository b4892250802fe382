using Joy.Application.Execution;

namespace Joy.Tests.Executor;

public class a_run_with_limits
{
    public static TheoryData<string> Nodes => ["node-1", "node-2"];

    [Theory]
    [MemberData(nameof(Nodes))]
    public async Task that_runs_too_long_is_killed_and_reported_timed_out(string node)
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Script("echo started; sleep 30") with { InstanceLimits = new ContainerLimits { TimeoutMs = 1_000 } };

        var started = DateTime.UtcNow;
        var result = await executor.Runner.RunAsync(request.Only(node, executor.Options.Nodes.Keys));

        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBe(137);
        result.OomKilled.ShouldBeFalse(); // the timeout's SIGKILL is not taken for the OOM killer's
        result.LogText().ShouldBe("started\n");
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(15));
        (await executor.ContainersAsync()).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public async Task that_exceeds_its_memory_is_reported_oom_killed(string node)
    {
        await using var executor = await TestExecutor.StartAsync();
        var limits = new ContainerLimits { Memory = 16 * 1024 * 1024, MemorySwap = 16 * 1024 * 1024 };
        // dd allocates its whole 64 MiB block at once.
        var request = Requests.Script("dd if=/dev/zero of=/dev/null bs=64M count=4") with { InstanceLimits = limits };

        var result = await executor.Runner.RunAsync(request.Only(node, executor.Options.Nodes.Keys));

        result.OomKilled.ShouldBeTrue();
        result.ExitCode.ShouldBe(137);
        result.Succeeded.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public async Task gets_every_limit_and_no_privileges_or_network(string node)
    {
        await using var executor = await TestExecutor.StartAsync(options =>
        {
            options.Container = new ContainerLimits { CpuQuota = 50_000, PidsLimit = 64 };
            options.Nodes[node].DevicePath = "/dev/vda";
            options.Nodes[node].Container = new ContainerLimits { BlkioReadBps = 1_048_576, BlkioWriteBps = 2_097_152, PidsLimit = 50 };
        });
        var sink = new MemorySink();
        // Layers: configuration (quota, pids) < node (blkio, pids) < actor (memory, nofile) < instance (memory+swap).
        var request = Requests.Script(LimitsScript, sink, "limits.txt") with
        {
            InstanceLimits = new ContainerLimits { MemorySwap = 128 * 1024 * 1024 },
        };
        request = request with
        {
            Actor = request.Actor with
            {
                Limits = new ContainerLimits
                {
                    Memory = 96 * 1024 * 1024,
                    Ulimits = new Dictionary<string, UlimitValue> { ["nofile"] = new() { Soft = 200, Hard = 300 } },
                },
            },
        };

        var result = await executor.Runner.RunAsync(request.Only(node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        sink.Text("limits.txt").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            $"{96 * 1024 * 1024}", $"{128 * 1024 * 1024}", "100000", "50000", "50",
            "254:0 1048576", "254:0 2097152", "200",
            "CapEff:\t0000000000000000", "NoNewPrivs:\t1", "lo",
        ]);
    }

    private const string LimitsScript =
        """
        cd /sys/fs/cgroup
        { cat memory/memory.limit_in_bytes memory/memory.memsw.limit_in_bytes cpu/cpu.cfs_period_us cpu/cpu.cfs_quota_us pids/pids.max \
              blkio/blkio.throttle.read_bps_device blkio/blkio.throttle.write_bps_device; ulimit -n
          grep -E 'CapEff|NoNewPrivs' /proc/self/status; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; } > /workdir/limits.txt
        """;
}
