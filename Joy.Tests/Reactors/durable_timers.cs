using Joy.Domain.Instances;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;

namespace Joy.Tests.Reactors;

/// <summary>Wait states and retry back-offs are durable scheduled messages: they fire once, whoever is running.</summary>
public sealed class durable_timers(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task a_timer_that_fell_due_while_no_service_ran_fires_once_at_startup()
    {
        string id;
        DateTimeOffset due;
        await using (var before = await ReactorHost.StartAsync(database.ConnectionString))
        {
            // Long enough for the service to stop before it falls due, however busy the machine.
            id = await before.StartAsync("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 6, 'End': true}}}");
            due = (await before.Store.EventsAsync(id)).OfType<WaitStarted>().Single().DueAt;
        }

        DateTimeOffset.UtcNow.ShouldBeLessThan(due, "the service stopped before the timer fell due");
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > due, TimeSpan.FromSeconds(10), "the wait to fall due");

        await using var after = await ReactorHost.StartAsync(database.ConnectionString);

        await after.Store.UntilStatusAsync(id, InstanceStatus.Succeeded);
        (await after.Store.EventsAsync(id)).OfType<TimerFired>().Count().ShouldBe(1);
        after.Commands.TimersFired(id).Count().ShouldBe(1);
    }

    [Fact]
    public async Task a_timer_fires_at_its_due_time()
    {
        await using var host = await ReactorHost.StartAsync(database.ConnectionString);
        var id = await host.StartAsync(Instances.WaitTwoSeconds);

        await host.Store.UntilStatusAsync(id, InstanceStatus.Succeeded);

        var events = await host.Store.EventsAsync(id);
        var due = events.OfType<WaitStarted>().Single().DueAt;
        var fired = events.OfType<TimerFired>().Single().At;
        fired.ShouldBeGreaterThanOrEqualTo(due);
        (fired - due).ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task two_timer_services_on_one_database_fire_each_timer_exactly_once()
    {
        await using var first = await ReactorHost.StartAsync(database.ConnectionString);
        await using var second = await ReactorHost.StartAsync(database.ConnectionString);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await first.StartAsync("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 1, 'End': true}}}"));
        }

        foreach (var id in ids)
        {
            await first.Store.UntilStatusAsync(id, InstanceStatus.Succeeded);
        }

        var fired = first.Commands.TimersFired().Concat(second.Commands.TimersFired()).ToList();
        fired.Count.ShouldBe(10);
        foreach (var id in ids)
        {
            (await first.Store.EventsAsync(id)).OfType<TimerFired>().Count().ShouldBe(1);
        }
    }

    [Fact]
    public async Task when_the_process_that_set_a_timer_goes_away_another_one_fires_it()
    {
        await using var survivor = await ReactorHost.StartAsync(database.ConnectionString);
        string id;
        await using (var setter = await ReactorHost.StartAsync(database.ConnectionString))
        {
            id = await setter.StartAsync(Instances.WaitTwoSeconds);
            await setter.Store.UntilAsync(id, events => events.OfType<WaitStarted>().Any(), "the wait to start");
        }

        await survivor.Store.UntilStatusAsync(id, InstanceStatus.Succeeded);
        survivor.Commands.TimersFired(id).Count().ShouldBe(1, "the surviving process fired it");
        (await survivor.Store.EventsAsync(id)).OfType<TimerFired>().Count().ShouldBe(1);
    }

    [Fact]
    public async Task a_pending_wait_completes_after_the_service_restarts()
    {
        string id;
        await using (var before = await ReactorHost.StartAsync(database.ConnectionString))
        {
            id = await before.StartAsync(Instances.WaitTwoSeconds);
            before.Commands.TimersFired(id).ShouldBeEmpty();
        }

        await using var after = await ReactorHost.StartAsync(database.ConnectionString);

        await after.Store.UntilStatusAsync(id, InstanceStatus.Succeeded);
        after.Commands.TimersFired(id).Count().ShouldBe(1, "the new process fired it");
    }

    [Fact]
    public async Task a_retry_interval_is_waited_out_on_a_durable_timer()
    {
        await using var host = await ReactorHost.StartAsync(database.ConnectionString);
        var id = await host.StartAsync("""
            {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true,
              'Retry': [{'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 1, 'MaxAttempts': 2}]}}}
            """);
        var run = (await host.Store.EventsAsync(id)).OfType<ActorRunRequested>().Single().RunId;

        await host.Commands.HandleAsync(id, new FailActorRun(run, "Joy.NodeLost", "the node went away"));

        await host.Store.UntilAsync(id, events => events.OfType<ActorRunRequested>().Count() == 2, "the retried run");
        var events = await host.Store.EventsAsync(id);
        var retry = events.OfType<RetryScheduled>().Single();
        events.OfType<TimerFired>().Single().At.ShouldBeGreaterThanOrEqualTo(retry.DueAt);
        events.OfType<ActorRunRequested>().Last().Attempt.ShouldBe(2);
    }

    [Fact]
    public async Task the_timer_of_an_instance_cancelled_mid_wait_fires_into_nothing()
    {
        await using var host = await ReactorHost.StartAsync(database.ConnectionString);
        var id = await host.StartAsync("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 4, 'End': true}}}");
        await host.Commands.HandleAsync(id, new CancelInstance());
        var events = await host.Store.EventsAsync(id);
        var cancelled = events.Count;
        events.OfType<InstanceCancelled>().Single().At.ShouldBeLessThan(events.OfType<WaitStarted>().Single().DueAt, "cancelled mid-wait");

        await Eventually.TrueAsync(() => host.Commands.TimersFired(id).Any(), TimeSpan.FromSeconds(20), "the timer to come due");

        (await host.Store.EventsAsync(id)).Count.ShouldBe(cancelled, "nothing appended after the cancel");
        (await host.Store.StateAsync(id)).Status.ShouldBe(InstanceStatus.Cancelled);
    }
}
