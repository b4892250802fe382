using Joy.Application.Execution;

namespace Joy.Tests.Executor.Hardening;

/// <summary>What untrusted actor code finds itself in: an unprivileged user, a read-only image, its own writable work dir.</summary>
public class a_hardened_container
{
    [Fact]
    public async Task runs_the_actor_as_nobody_with_no_capabilities_and_no_new_privileges()
    {
        await using var executor = await TestExecutor.StartAsync();

        var result = await executor.Runner.RunAsync(Requests.Script(
            "echo \"user=$(id -u):$(id -g)\"; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status"));

        result.Error.ShouldBeNull(result.Cause);
        var log = result.LogText();
        log.ShouldContain("user=65534:65534");
        log.ShouldContain("CapEff:\t0000000000000000");
        log.ShouldContain("CapBnd:\t0000000000000000");
        log.ShouldContain("NoNewPrivs:\t1");
        // joy-meter, PID 1 as that user on the read-only root, still measured the run and read the memory cgroup.
        result.CpuTimeMs.ShouldNotBeNull();
        result.MemoryLimitHit.ShouldNotBeNull();
    }

    [Fact]
    public async Task runs_the_actor_as_the_configured_user()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.Hardening = new() { Uid = 4242, Gid = 4343 });

        var result = await executor.Runner.RunAsync(Requests.Script("echo \"user=$(id -u):$(id -g)\"; echo ok > out.txt", null, "out.txt"));

        result.Error.ShouldBeNull(result.Cause);
        result.LogText().ShouldBe("user=4242:4343\n");
    }

    [Fact]
    public async Task refuses_writes_to_etc_and_anywhere_else_in_the_image()
    {
        await using var executor = await TestExecutor.StartAsync();

        var result = await executor.Runner.RunAsync(Requests.Script(
            "echo x > /etc/joy-was-here; echo \"etc=$?\"; echo x > /joy-was-here; echo \"root=$?\"; mkdir /workdir/../evil; echo \"mkdir=$?\""));

        result.Error.ShouldBeNull(result.Cause);
        var log = result.LogText();
        log.ShouldContain("etc=1");
        log.ShouldContain("root=1");
        log.ShouldContain("mkdir=1");
        log.ShouldContain("Read-only file system");
    }

    public static TheoryData<string, byte[]> Inputs => new()
    {
        { "written inline", "text\n"u8.ToArray() },
        { "uploaded", [0, 1, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task lets_the_actor_change_its_inputs_and_write_its_work_dir_and_tmp(string how, byte[] input)
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();
        var request = Requests.Script(
            "chmod +x in.bin && rm in.bin && echo out > out.txt && echo tmp > /tmp/t.txt && cat /tmp/t.txt", sink, "out.txt")
            with { Inputs = new Dictionary<string, ActorInput> { ["in.bin"] = ActorInput.FromBytes(input) } };

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBeNull(result.Cause);
        result.ExitCode.ShouldBe(0, $"{how}: {result.LogText()}");
        result.LogText().ShouldBe("tmp\n");
        sink.Text("out.txt").ShouldBe("out\n");
    }
}
