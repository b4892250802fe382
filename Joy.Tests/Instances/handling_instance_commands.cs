using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Domain.Instances;
using Joy.Tests.Domain;
using Joy.Tests.Infrastructure;
using Joy.Tests.Reactors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Joy.Tests.Instances;

/// <summary>The command handler against the real store: conflicts retried, duplicates ignored.</summary>
public sealed class handling_instance_commands(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string ThreeInParallel = """
        {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': [
          {'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}},
          {'StartAt': 'B', 'States': {'B': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}},
          {'StartAt': 'C', 'States': {'C': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}]}}}
        """;

    private IHost _host = null!;

    private IInstanceCommandHandler Handler => _host.Services.GetRequiredService<IInstanceCommandHandler>();

    private IEventStore Store => _host.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync()
    {
        // Instances without an executor (so no dispatcher): runs are driven by the tests.
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Joy"] = database.ConnectionString });
        builder.Services.AddLogging().AddJoyInstances(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task concurrent_results_for_one_instance_all_land_and_it_succeeds()
    {
        var id = Guid.NewGuid().ToString();
        var started = await Handler.HandleAsync(id, Build.Start(ThreeInParallel, id: id));
        var runs = started.OfType<ActorRunRequested>().Select(r => r.RunId).ToList();
        runs.Count.ShouldBe(3);

        await Task.WhenAll(runs.Select(run => Task.Run(() => Handler.HandleAsync(id, new CompleteActorRun(run, Build.Result())))));

        var state = await Store.StateAsync(id);
        state.Status.ShouldBe(InstanceStatus.Succeeded);
        state.Runs.Values.ShouldAllBe(run => run.Status == RunStatus.Succeeded);
    }

    [Fact]
    public async Task a_batch_appends_every_commands_events_at_once_in_order()
    {
        var id = Guid.NewGuid().ToString();
        var started = await Handler.HandleAsync(id, Build.Start(ThreeInParallel, id: id));
        var run = started.OfType<ActorRunRequested>().First().RunId;
        var placedAt = DateTimeOffset.UtcNow.AddSeconds(-5);

        var events = await Handler.HandleAsync(id, [new MarkActorRunStarted(run, "node-1", "c-1", placedAt), new CompleteActorRun(run, Build.Result())]);

        events.Select(e => e.GetType().Name).Take(2).ShouldBe(["ActorRunStarted", "ActorRunSucceeded"]);
        ((ActorRunStarted)events[0]).At.ShouldBe(placedAt);
        var stored = await Store.ReadStreamAsync(InstanceStreams.StreamId(id), fromVersion: started.Count + 1);
        stored.Count.ShouldBe(events.Count);
        stored.Select(e => e.Timestamp).Distinct().ShouldHaveSingleItem(); // one append: one transaction's now()
    }

    [Fact]
    public async Task a_batch_with_a_rejected_command_appends_nothing()
    {
        var id = Guid.NewGuid().ToString();
        var started = await Handler.HandleAsync(id, Build.Start(ThreeInParallel, id: id));
        var run = started.OfType<ActorRunRequested>().First().RunId;

        await Should.ThrowAsync<InstanceCommandRejectedException>(() =>
            Handler.HandleAsync(id, [new CompleteActorRun(run, Build.Result()), new RerunInstance("Nope")]));

        (await Store.ReadStreamAsync(InstanceStreams.StreamId(id))).Count.ShouldBe(started.Count);
    }

    [Fact]
    public async Task a_duplicate_result_is_ignored()
    {
        var id = Guid.NewGuid().ToString();
        var started = await Handler.HandleAsync(id, Build.Start(ThreeInParallel, id: id));
        var run = started.OfType<ActorRunRequested>().First().RunId;

        (await Handler.HandleAsync(id, new CompleteActorRun(run, Build.Result()))).ShouldNotBeEmpty();
        (await Handler.HandleAsync(id, new CompleteActorRun(run, Build.Result()))).ShouldBeEmpty();
        (await Handler.HandleAsync(id, new FailActorRun(run, "Joy.NodeLost", "late"))).ShouldBeEmpty();

        var events = await Store.ReadStreamAsync(InstanceStreams.StreamId(id));
        events.Count(e => e.Data is ActorRunSucceeded s && s.RunId == run).ShouldBe(1);
    }

    [Fact]
    public async Task starting_the_same_instance_twice_appends_once()
    {
        var id = Guid.NewGuid().ToString();
        await Handler.HandleAsync(id, Build.Start(ThreeInParallel, id: id));
        (await Handler.HandleAsync(id, Build.Start(ThreeInParallel, id: id))).ShouldBeEmpty();

        var events = await Store.ReadStreamAsync(InstanceStreams.StreamId(id));
        events.Count(e => e.Data is InstanceStarted).ShouldBe(1);
    }
}
