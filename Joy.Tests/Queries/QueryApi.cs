using System.Net.Http.Json;
using System.Text.Json;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Application.Queries;
using Joy.Application.Queries.Instances;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;
using Joy.Tests.Domain;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Queries;

/// <summary>
/// The real service (in-memory server) over its own fresh database, with the environment's nodes
/// and a short keep-alive. Instances are driven through the engine's command handler with
/// simulated actor results, so these tests need PostgreSQL but no containers.
/// </summary>
public class QueryApi : JoyAppFixture
{
    public const string OneTask = "{'StartAt': 'Work', 'States': {'Work': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}";

    public const string TwoTasks = """
        {'StartAt': 'Compile', 'States': {
          'Compile': {'Type': 'Task', 'Resource': 'actor:compile', 'Next': 'Run'},
          'Run': {'Type': 'Task', 'Resource': 'actor:run', 'End': true}}}
        """;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public IInstanceCommandHandler Handler => Services.GetRequiredService<IInstanceCommandHandler>();

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Joy:Feed:KeepAlive"] = "00:00:00.300",
        // Off unless a test runs real containers: the others report simulated results themselves.
        ["Joy:Dispatcher:Enabled"] = Dispatching ? "true" : "false",
    };

    /// <summary>Run actors on the environment's nodes (the engine's dispatcher).</summary>
    protected virtual bool Dispatching => false;

    /// <summary>Starts an instance of state machine <paramref name="name"/> and returns its id and first events.</summary>
    public async Task<(string Id, IReadOnlyList<InstanceEvent> Events)> StartAsync(string name, string definition = OneTask, string? id = null)
    {
        id ??= Guid.NewGuid().ToString("N");
        var start = new StartInstance(id, new StateMachineDefinition(name, Build.Json(definition), null), 1, Build.Actors,
            Build.Json("{}"), new InstanceOptions());
        return (id, await Handler.HandleAsync(id, start));
    }

    /// <summary>Completes every requested run of the instance, the way the dispatcher reports results.</summary>
    public async Task<IReadOnlyList<InstanceEvent>> CompleteAllAsync(string id, IReadOnlyList<InstanceEvent> requested, int exitCode = 0)
    {
        var all = new List<InstanceEvent>();
        var pending = requested.OfType<ActorRunRequested>().ToList();
        while (pending.Count > 0)
        {
            var next = new List<ActorRunRequested>();
            foreach (var run in pending)
            {
                await Handler.HandleAsync(id, new MarkActorRunStarted(run.RunId, "node-1", $"container-{run.RunId}"));
                var events = await Handler.HandleAsync(id, new CompleteActorRun(run.RunId, Build.Result(exitCode)));
                all.AddRange(events);
                next.AddRange(events.OfType<ActorRunRequested>());
            }

            pending = next;
        }

        return all;
    }

    public async Task<T> GetAsync<T>(string url)
    {
        using var client = CreateClient();
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>
    /// Waits until the async instance-summaries projection has seen every event appended so far:
    /// the end of the log is known once a read reports nothing held back above the high-water mark.
    /// </summary>
    public async Task WaitForSummariesAsync()
    {
        var store = Services.GetRequiredService<IEventStore>();
        var admin = Services.GetRequiredService<ProjectionAdmin>();
        var end = GlobalPosition.Start;
        await Eventually.TrueAsync(async () =>
        {
            var page = await store.ReadAllAsync(end, 1000, includeArchived: true);
            end = page.Next;
            return page.Events.Count == 0 && !page.HeldBack;
        }, TimeSpan.FromSeconds(15), "the end of the log");
        await Eventually.TrueAsync(async () =>
                (await admin.ListAsync()).Single(p => p.Name == InstanceSummaryProjection.ProjectionName).Checkpoint is { } at
                && GlobalPosition.TryParse(at, out var position) && position >= end,
            TimeSpan.FromSeconds(15), "the instance-summaries projection to catch up");
    }

    /// <summary>Every position the paged feed returns for <paramref name="filter"/>, once nothing is held back.</summary>
    public async Task<List<string>> AllPositionsAsync(string filter) =>
        (await AllEventsAsync(filter)).Select(e => e.GetProperty("position").GetString()!).ToList();

    /// <summary>
    /// Every event the paged feed returns for <paramref name="filter"/>, read until nothing is held
    /// back (the horizon is cluster-wide: other tests' open transactions delay the tail briefly).
    /// </summary>
    public async Task<List<JsonElement>> AllEventsAsync(string filter)
    {
        var events = new List<JsonElement>();
        var after = "";
        await Eventually.TrueAsync(async () =>
        {
            var page = await GetAsync<JsonElement>($"/api/v1/events?{filter}&limit=1000&after={after}");
            events.AddRange(page.GetProperty("events").EnumerateArray());
            after = page.GetProperty("next").GetString()!;
            return page.GetProperty("events").GetArrayLength() == 0 && !page.GetProperty("heldBack").GetBoolean();
        }, TimeSpan.FromSeconds(15), "the end of the feed");
        return events;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
