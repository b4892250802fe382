using Xunit.Abstractions;
using Joy.Application.Execution;

namespace Joy.Tests.Executor;

/// <summary>
/// joy-meter's figures against GNU time's (<c>/usr/bin/time -v</c>) on the very same execution: the meter runs
/// GNU time, which runs the program, in the runner image. Within 5 % (or 10 ms / 1 MiB), as the issue asks.
/// </summary>
public sealed class metering_a_run(ITestOutputHelper output)
{
    private const string Loader = "/lib64/ld-linux-x86-64.so.2";
    private const long GnuTimeResolutionMs = 2 * 10;

    private async Task<(ActorRunResult Result, string GnuTime)> UnderGnuTimeAsync(string program)
    {
        var options = TestExecutor.EnvironmentOptions();
        options.MeterPath.ShouldNotBeNull("no Joy:Executor:MeterPath in the settings: run `bash scripts/env.sh up`");
        await using var executor = await TestExecutor.StartAsync(options);
        var sink = new MemorySink();
        // The dynamic loader runs GNU time and the program from the uploaded files (not executable): the tree
        // is GNU time and the program alone, in the same processes GNU time reports on.
        var request = new ActorRunRequest
        {
            RunId = $"run-{Guid.NewGuid():N}",
            Actor = new ActorSpec
            {
                Name = "metered",
                Image = MeteredPrograms.Image,
                Command = [Loader, "./time", "-v", "-o", "time.txt", Loader, $"./{program}"],
                Outputs = ["time.txt"],
            },
            Inputs = new Dictionary<string, ActorInput> { ["time"] = MeteredPrograms.GnuTime, [program] = MeteredPrograms.Program(program) },
            OutputSink = sink,
        };

        var result = await executor.Runner.RunAsync(request);

        result.Succeeded.ShouldBeTrue($"{result.Error} {result.Cause} {result.LogText()}");
        var gnu = MeteredPrograms.Parse(sink.Text("time.txt"));
        output.WriteLine($"{program}: meter {result.CpuTimeMs} ms / {result.PeakMemoryBytes} B, GNU time {gnu.CpuTimeMs} ms / {gnu.PeakMemoryBytes} B");
        return (result, sink.Text("time.txt"));
    }

    [Fact]
    public async Task the_cpu_time_of_a_cpu_bound_loop_is_gnu_times()
    {
        var (result, report) = await UnderGnuTimeAsync("loop");

        var (cpuTimeMs, _) = MeteredPrograms.Parse(report);
        cpuTimeMs.ShouldBeGreaterThan(100, report);
        result.CpuTimeMs.ShouldNotBeNull();
        // GNU time prints user and system time each cut down to 10 ms (seconds with two decimals, truncated):
        // the program's CPU time lies in [cpuTimeMs, cpuTimeMs + 20). The meter must be within the tolerance of that.
        var tolerance = Math.Max(10, cpuTimeMs / 20);
        result.CpuTimeMs.Value.ShouldBeInRange(cpuTimeMs - tolerance, cpuTimeMs + GnuTimeResolutionMs + tolerance, report);
        result.WallTimeMs!.Value.ShouldBeGreaterThanOrEqualTo(result.CpuTimeMs.Value / 2); // one CPU at most (cpuQuota), slack for rounding
    }

    [Fact]
    public async Task the_peak_memory_of_a_program_touching_100_mib_is_gnu_times()
    {
        var (result, report) = await UnderGnuTimeAsync("touch");

        var (_, peakMemoryBytes) = MeteredPrograms.Parse(report);
        peakMemoryBytes.ShouldBeGreaterThan(100L << 20, report);
        result.PeakMemoryBytes.ShouldNotBeNull();
        Math.Abs(result.PeakMemoryBytes.Value - peakMemoryBytes).ShouldBeLessThanOrEqualTo(Math.Max(1L << 20, peakMemoryBytes / 20), report);
    }

    [Fact]
    public async Task a_run_past_its_cpu_time_limit_times_out_by_cpu()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Command("sh", "-c", "echo spinning; while :; do :; done") with
        {
            InstanceLimits = new ContainerLimits { CpuTimeLimitMs = 300, TimeoutMs = 30_000 },
        };

        var result = await executor.Runner.RunAsync(request);

        result.TimedOut.ShouldBeTrue();
        result.TimeoutReason.ShouldBe(TimeoutReasons.Cpu);
        result.ExitCode.ShouldBe(137);
        result.OomKilled.ShouldBeFalse();
        result.CpuTimeMs!.Value.ShouldBeInRange(300, 450);
        result.WallTimeMs!.Value.ShouldBeLessThan(30_000);
        result.LogText().ShouldBe("spinning\n"); // the meter's own line is taken out
    }

    [Fact]
    public async Task a_run_past_its_wall_clock_limit_times_out_by_wall()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Command("sleep", "30") with
        {
            InstanceLimits = new ContainerLimits { CpuTimeLimitMs = 5_000, TimeoutMs = 500 },
        };

        var result = await executor.Runner.RunAsync(request);

        result.TimedOut.ShouldBeTrue();
        result.TimeoutReason.ShouldBe(TimeoutReasons.Wall);
        result.CpuTimeMs!.Value.ShouldBeLessThan(5_000);
        result.WallTimeMs!.Value.ShouldBeInRange(500, 29_999);
    }

    [Fact]
    public async Task a_forged_meter_line_stays_in_the_log_and_is_not_believed()
    {
        await using var executor = await TestExecutor.StartAsync();
        const string forged = """joy-meter 0123 {"cpuTimeMs":1,"peakMemoryBytes":1,"wallTimeMs":1,"timeout":null,"oomKills":0,"exitCode":0}""";
        var request = Requests.Script($"echo '{forged}' >&2; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done");

        var result = await executor.Runner.RunAsync(request);

        result.Succeeded.ShouldBeTrue();
        result.LogText().ShouldBe(forged + "\n");
        result.CpuTimeMs!.Value.ShouldBeGreaterThan(1);
        result.PeakMemoryBytes!.Value.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task without_a_meter_a_run_reports_its_wall_time_only()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.MeterPath = null);

        var result = await executor.Runner.RunAsync(Requests.Command("sh", "-c", "echo hi"));

        result.Succeeded.ShouldBeTrue();
        result.LogText().ShouldBe("hi\n");
        (result.CpuTimeMs, result.PeakMemoryBytes).ShouldBe((null, null));
        result.WallTimeMs.ShouldBe(result.DurationMs);
    }
}
