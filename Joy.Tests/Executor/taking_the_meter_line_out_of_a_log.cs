using System.Text;
using Joy.Executor.Docker;
using Joy.Executor.Meter;

namespace Joy.Tests.Executor;

/// <summary>
/// The meter's line is taken out of a run's log wherever Docker put it (stdout and stderr reach the log through
/// separate copiers, so it may come first), and what is left is capped at the log limit: the line never costs the
/// actor any of its log.
/// </summary>
public class taking_the_meter_line_out_of_a_log
{
    private const string Key = "0123456789abcdef";
    private const string Line = $$"""joy-meter {{Key}} {"cpuTimeMs":12,"peakMemoryBytes":4096,"wallTimeMs":30,"timeout":null,"oomKills":0,"memoryLimitHits":0}""" + "\n";

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void a_line_ahead_of_the_output_leaves_the_whole_cap_to_the_output()
    {
        var output = string.Concat(Enumerable.Repeat("joy\n", 400));
        // As read: the cap (1000) plus room for the line, cut there.
        var read = Bytes(Line + output)[..(1000 + RunMeter.MaxLineBytes)];

        var (rest, report) = MeterReport.Extract(read, Key);
        var log = new ContainerLogs(rest, Truncated: true).Capped(1000);

        report.ShouldNotBeNull().CpuTimeMs.ShouldBe(12);
        log.Bytes.ShouldBe(Bytes(output)[..1000]);
        log.Truncated.ShouldBeTrue();
    }

    [Fact]
    public void a_log_that_fits_once_the_line_is_out_is_not_truncated()
    {
        var output = string.Concat(Enumerable.Repeat("joy\n", 250)); // exactly the cap

        var (rest, report) = MeterReport.Extract(Bytes(output + Line), Key);
        var log = new ContainerLogs(rest, Truncated: false).Capped(1000);

        report.ShouldNotBeNull().WallTimeMs.ShouldBe(30);
        log.Bytes.ShouldBe(Bytes(output));
        log.Truncated.ShouldBeFalse();
    }

    [Fact]
    public void a_cut_line_is_taken_out_and_not_believed()
    {
        var (rest, report) = MeterReport.Extract(Bytes("joy\n" + Line[..40]), Key);

        report.ShouldBeNull();
        rest.ShouldBe(Bytes("joy\n"));
    }

    [Fact]
    public void a_line_with_another_key_stays_in_the_log()
    {
        var forged = Line.Replace(Key, "fedcba9876543210");

        var (rest, report) = MeterReport.Extract(Bytes(forged), Key);

        report.ShouldBeNull();
        rest.ShouldBe(Bytes(forged));
    }

    [Fact]
    public void the_meters_longest_line_fits_its_room()
    {
        var longest = $$"""joy-meter {{RunMeter.NewKey()}} {"cpuTimeMs":{{long.MaxValue}},"userTimeMs":{{long.MaxValue}},"systemTimeMs":{{long.MaxValue}},"peakMemoryBytes":{{long.MaxValue}},"wallTimeMs":{{long.MaxValue}},"timeout":"wall","oomKills":{{long.MaxValue}},"memoryLimitHits":{{long.MaxValue}},"exitCode":{{int.MinValue}}}""" + "\n";

        Bytes(longest).Length.ShouldBeLessThanOrEqualTo(RunMeter.MaxLineBytes);
    }
}
