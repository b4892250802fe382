using Joy.Application.Instances;

namespace Joy.Tests.Instances;

/// <summary>The orphan sweep gives a run's container up only when two sweeps in a row find the run not live.</summary>
public sealed class confirming_orphans
{
    private readonly OrphanSuspects _suspects = new();

    [Fact]
    public void a_run_not_live_is_spared_the_first_time_and_given_up_the_second()
    {
        _suspects.Spare(["live", "ended"], new HashSet<string> { "live" }).ShouldBe(["live", "ended"], ignoreOrder: true);

        _suspects.Spare(["live", "ended"], new HashSet<string> { "live" }).ShouldBe(["live"]);
    }

    [Fact]
    public void a_run_found_live_again_or_not_found_starts_over()
    {
        _suspects.Spare(["back", "gone"], new HashSet<string>());
        _suspects.Spare(["back"], new HashSet<string> { "back" }).ShouldBe(["back"]);

        // Both were suspects two sweeps ago, but the sweep between did not find them not live.
        _suspects.Spare(["back", "gone"], new HashSet<string>()).ShouldBe(["back", "gone"], ignoreOrder: true);
        _suspects.Spare(["back", "gone"], new HashSet<string>()).ShouldBeEmpty();
    }
}
