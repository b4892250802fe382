namespace Joy.Tests.Instances;

/// <summary>
/// The six verdicts do not depend on the machine's load: the judge's six submissions judged as the machine is,
/// then again while busy loops keep every core busy. Regression: when the judge timed runs by the wall clock,
/// a memory hog slowed below its allocation rate on a loaded machine was TLE instead of MLE.
/// </summary>
[Collection(Verdicts.Name)]
public sealed class judging_under_load(InstanceHost host) : IClassFixture<InstanceHost>
{
    private static readonly string[] Submissions = ["ac.c", "wa.c", "ce.c", "tle.c", "mle.c", "re.c"];

    // One submission after the other (its tests in parallel), so the load is the busy loops', not the judge's own.
    private async Task<string[]> VerdictsAsync()
    {
        var verdicts = new List<string>();
        foreach (var submission in Submissions)
        {
            var instance = await Instances.WaitAsync(host.Client, await Judge.StartAsync(host.Client, submission));
            verdicts.Add(instance["output"]?["verdict"]?.GetValue<string>() ?? instance.ToJsonString());
        }

        return [.. verdicts];
    }

    [Fact]
    public async Task the_six_verdicts_are_the_same_idle_and_with_every_core_busy()
    {
        var idle = await VerdictsAsync();
        string[] loaded;
        bool loadedThroughout;
        using (var load = BusyLoops.Start(Environment.ProcessorCount, TimeSpan.FromMinutes(5)))
        {
            loaded = await VerdictsAsync();
            loadedThroughout = load.AllRunning;
        }

        idle.ShouldBe(["AC", "WA", "CE", "TLE", "MLE", "RE"]);
        loaded.ShouldBe(idle);
        loadedThroughout.ShouldBeTrue("a busy loop ended before the judging did");
    }
}
