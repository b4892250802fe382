using Joy.Application.Schedules;

namespace Joy.Tests.Schedules;

/// <summary>Cron ticks across daylight saving in Europe/Berlin (2026: clocks skip 02:00-03:00 on 29 March, repeat it on 25 October).</summary>
public sealed class ticking_across_daylight_saving
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly TimeSpan Cest = TimeSpan.FromHours(2);

    [Fact]
    public void a_tick_in_the_skipped_hour_fires_once_at_the_transition()
    {
        var ticks = CronTicks.Of("30 2 * * *", "Europe/Berlin");

        var fired = ticks.Between(new DateTimeOffset(2026, 3, 28, 12, 0, 0, Cet), new DateTimeOffset(2026, 3, 30, 12, 0, 0, Cest), 10);

        fired.ShouldBe([new DateTimeOffset(2026, 3, 29, 3, 0, 0, Cest), new DateTimeOffset(2026, 3, 30, 2, 30, 0, Cest)]);
    }

    [Fact]
    public void a_tick_in_the_repeated_hour_fires_once()
    {
        var ticks = CronTicks.Of("30 2 * * *", "Europe/Berlin");

        var fired = ticks.Between(new DateTimeOffset(2026, 10, 24, 12, 0, 0, Cest), new DateTimeOffset(2026, 10, 25, 12, 0, 0, Cet), 10);

        fired.ShouldBe([new DateTimeOffset(2026, 10, 25, 2, 30, 0, Cest)]);
    }

    [Fact]
    public void an_interval_cron_fires_in_both_passes_of_the_repeated_hour()
    {
        var ticks = CronTicks.Of("0 */30 2 * * *", "Europe/Berlin");

        var fired = ticks.Between(new DateTimeOffset(2026, 10, 25, 1, 0, 0, Cest), new DateTimeOffset(2026, 10, 25, 4, 0, 0, Cet), 10);

        fired.Select(t => t.UtcDateTime.ToString("HH:mm")).ShouldBe(["00:00", "00:30", "01:00", "01:30"]);
    }

    [Fact]
    public void six_fields_count_seconds_and_utc_is_the_default_zone()
    {
        var ticks = CronTicks.Of("*/2 * * * * *", "UTC");
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);

        ticks.Next(at, 3).ShouldBe([at.AddSeconds(1), at.AddSeconds(3), at.AddSeconds(5)]);
        CronTicks.Parse("*/2 * * * * *", null).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void a_bad_cron_and_an_unknown_zone_are_both_named()
    {
        var (ticks, problems) = CronTicks.Parse("61 * * * *", "Mars/Olympus");

        ticks.ShouldBeNull();
        problems.Keys.ShouldBe(["cron", "timeZone"], ignoreOrder: true);
        CronTicks.Parse("* * *", "UTC").Problems["cron"][0].ShouldContain("3 fields");
    }
}
