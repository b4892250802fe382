using Joy.Domain.Definitions;
using Joy.Domain.Schedules;

namespace Joy.Tests.Schedules;

/// <summary>The pure schedule decider: given a schedule's events, when a command or a tick, then what it records.</summary>
public sealed class deciding_a_schedules_ticks
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ScheduleState Given(string overlap, params ScheduleEvent[] events) =>
        new ScheduleEvent[] { new ScheduleDefined(new ScheduleDefinition("s", "* * * * *", "pass", Overlap: overlap).Normalized(), T0) }
            .Concat(events).Aggregate(ScheduleState.Initial, ScheduleState.Evolve);

    private static ScheduleTickFired Fired(int minute, string id) => new(T0.AddMinutes(minute), TickKind.Cron, id, null, T0.AddMinutes(minute));

    [Theory]
    [InlineData(OverlapPolicy.Allow, typeof(TickDecision.Start))]
    [InlineData(OverlapPolicy.Skip, typeof(TickDecision.Skip))]
    [InlineData(OverlapPolicy.BufferOne, typeof(TickDecision.Buffer))]
    [InlineData(OverlapPolicy.CancelPrevious, typeof(TickDecision.CancelThenStart))]
    public void while_the_last_instance_runs_each_policy_decides_its_own_way(string policy, Type decision)
    {
        var state = Given(policy, Fired(1, "i1"));

        ScheduleDecider.Overlap(state, lastStillRunning: true).ShouldBeOfType(decision);
        ScheduleDecider.Overlap(state, lastStillRunning: false).ShouldBeOfType<TickDecision.Start>();
    }

    [Fact]
    public void buffer_one_keeps_one_tick_and_skips_the_next_until_it_fires()
    {
        var buffered = Given(OverlapPolicy.BufferOne, Fired(1, "i1"), new ScheduleTickBuffered(T0.AddMinutes(2), TickKind.Cron, "running", T0));

        buffered.BufferedTick.ShouldBe(T0.AddMinutes(2));
        ScheduleDecider.Overlap(buffered, lastStillRunning: true).ShouldBeOfType<TickDecision.Skip>().Reason.ShouldContain("already waits");
        var fired = ScheduleState.Evolve(buffered, new ScheduleTickFired(T0.AddMinutes(2), TickKind.Buffered, "i2", null, T0));
        fired.BufferedTick.ShouldBeNull();
        fired.LastInstanceId.ShouldBe("i2");
    }

    [Fact]
    public void cron_ticks_move_the_cursor_and_triggers_do_not()
    {
        var state = Given(OverlapPolicy.Skip, Fired(1, "i1"), new ScheduleTickFired(T0.AddMinutes(7), TickKind.Trigger, "i2", null, T0));

        state.Cursor.ShouldBe(T0.AddMinutes(1));
        state.LastInstanceId.ShouldBe("i2");
        ScheduleState.Evolve(state, new ScheduleTicksMissed(T0.AddMinutes(2), T0.AddMinutes(5), 4, "down", T0)).Cursor.ShouldBe(T0.AddMinutes(5));
    }

    [Fact]
    public void resuming_counts_ticks_from_the_resume_and_pausing_twice_records_once()
    {
        var paused = Given(OverlapPolicy.Skip, new SchedulePaused("s", T0.AddMinutes(1)));

        ScheduleDecider.Decide(new PauseSchedule("s"), paused, T0).ShouldBeEmpty();
        var resumed = ScheduleState.Evolve(paused, ScheduleDecider.Decide(new ResumeSchedule("s"), paused, T0.AddMinutes(9)).Single());
        resumed.Cursor.ShouldBe(T0.AddMinutes(9));
        resumed.Current!.Paused.ShouldBeFalse();
    }

    [Fact]
    public void a_second_definition_of_a_name_is_refused_and_a_deleted_one_may_be_defined_again()
    {
        var state = Given(OverlapPolicy.Skip);
        var again = new DefineSchedule(new ScheduleDefinition("s", "* * * * *", "pass"));

        Should.Throw<DefinitionAlreadyExistsException>(() => ScheduleDecider.Decide(again, state, T0));
        var deleted = ScheduleState.Evolve(state, new ScheduleDeleted("s", T0));
        ScheduleDecider.Decide(again, deleted, T0).Single().ShouldBeOfType<ScheduleDefined>().Schedule.Overlap.ShouldBe(OverlapPolicy.Skip);
        Should.Throw<DefinitionNotFoundException>(() => ScheduleDecider.Decide(new PauseSchedule("s"), deleted, T0));
    }
}
