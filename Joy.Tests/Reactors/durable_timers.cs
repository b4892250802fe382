using Joy.Domain.Instances;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Reactors;

/// <summary>Wait states and retry back-offs fire from the timers table, whoever is running.</summary>
public sealed class durable_timers(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task a_timer_that_fell_due_while_no_service_ran_fires_once_at_startup()
    {
        await using var stopped = await ReactorHost.StoppedAsync(database.ConnectionString);
        var id = await stopped.StartAsync("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 1, 'End': true}}}");
        var due = (await stopped.Store.EventsAsync(id)).OfType<WaitStarted>().Single().DueAt;
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > due, TimeSpan.FromSeconds(5), "the wait to fall due");

        await stopped.StartAsync();

        await stopped.Store.UntilStatusAsync(id, InstanceStatus.Succeeded);
        (await stopped.Store.EventsAsync(id)).OfType<TimerFired>().Count().ShouldBe(1);
        stopped.Commands.TimersFired(id).Count().ShouldBe(1);
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
        new[] { first.Timers.IsLeader, second.Timers.IsLeader }.Count(leader => leader).ShouldBe(1);
    }

    [Fact]
    public async Task when_the_firing_process_goes_away_another_one_takes_the_timers_over()
    {
        var hosts = new List<ReactorHost>
        {
            await ReactorHost.StartAsync(database.ConnectionString),
            await ReactorHost.StartAsync(database.ConnectionString),
        };
        try
        {
            await Eventually.TrueAsync(() => hosts.Any(h => h.Timers.IsLeader), TimeSpan.FromSeconds(10), "a leader");
            var leader = hosts.Single(h => h.Timers.IsLeader);
            hosts.Remove(leader);
            await leader.DisposeAsync();
            var survivor = hosts.Single();

            var id = await survivor.StartAsync("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 1, 'End': true}}}");

            await survivor.Store.UntilStatusAsync(id, InstanceStatus.Succeeded);
            survivor.Timers.IsLeader.ShouldBeTrue();
            survivor.Commands.TimersFired(id).Count().ShouldBe(1);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
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
    public async Task an_instance_cancelled_mid_wait_leaves_no_timer_behind()
    {
        await using var host = await ReactorHost.StartAsync(database.ConnectionString);
        var id = await host.StartAsync("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 600, 'End': true}}}");
        (await TimerRowsAsync(host, id)).ShouldBe(1);

        await host.Commands.HandleAsync(id, new CancelInstance());

        (await TimerRowsAsync(host, id)).ShouldBe(0);
    }

    private static async Task<long> TimerRowsAsync(ReactorHost host, string instanceId)
    {
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM joy.timers WHERE instance_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
