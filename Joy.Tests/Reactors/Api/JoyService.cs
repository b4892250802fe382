using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Domain.Instances;
using Joy.Executor;
using Joy.Executor.Docker;
using Joy.Executor.Runs;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Reactors.Api;

/// <summary>
/// Joy.Web in memory over the real nodes and a test database of its own, as a client sees it.
/// <see cref="RestartAsync"/> disposes the running process and starts a new one on the same database
/// (the containers' joy.service label is this test's, and they are removed on dispose).
/// </summary>
public sealed class JoyService : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;
    private Alba.IAlbaHost _process = null!;

    private JoyService(TestDatabase database, Dictionary<string, string?> settings)
    {
        _database = database;
        _settings = settings;
    }

    public HttpClient Client { get; private set; } = null!;

    public string ServiceName { get; } = $"joy-test-{Guid.NewGuid():N}"[..21];

    public IEventStore Store => _process.Services.GetRequiredService<IEventStore>();

    public static async Task<JoyService> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var service = new JoyService(database, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()));
        service._process = await service.StartProcessAsync();
        service.Client = service._process.CreateClient();
        return service;
    }

    public async Task RestartAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
        _process = await StartProcessAsync();
        Client = _process.CreateClient();
    }

    public async Task PutAsync(string path, string json)
    {
        using var response = await Client.PutAsJsonAsync(path, JsonNode.Parse(json.Replace('\'', '"')));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> StartInstanceAsync(string name, JsonObject? parameters = null)
    {
        using var response = await Client.PutAsJsonAsync("/api/v1/StateMachineInstance", new JsonObject
        {
            ["name"] = name,
            ["input"] = new JsonObject(),
            ["parameters"] = parameters,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetAsync(string id) =>
        (await Client.GetFromJsonAsync<JsonObject>($"/api/v1/StateMachineInstance/{id}"))!;

    /// <summary>Polls GET until the instance is no longer Running.</summary>
    public async Task<JsonObject> EndedAsync(string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var instance = await GetAsync(id);
            if (instance["status"]!.GetValue<string>() != "Running")
            {
                return instance;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance {id} is still running: {instance.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<InstanceEvent>> EventsAsync(string id) =>
        (await Store.ReadStreamAsync(InstanceStreams.StreamId(id))).Select(e => e.Data).OfType<InstanceEvent>().ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
        foreach (var (name, node) in ExecutorOptions.FromConfiguration(TestEnvironment.Configuration).Nodes)
        {
            using var docker = new DockerNodeClient(name, node);
            foreach (var container in await docker.ListContainersAsync([$"{ContainerSpec.ServiceLabel}={ServiceName}"]))
            {
                await docker.RemoveContainerAsync(container.ID);
            }
        }

        await _database.DisposeAsync();
    }

    private Task<Alba.IAlbaHost> StartProcessAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = _database.ConnectionString,
            ["Joy:Executor:ServiceName"] = ServiceName,
            ["Joy:Executor:HealthCheckIntervalMs"] = "500",
            ["Joy:Callbacks:InitialDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        return JoyApp.StartAsync(settings);
    }
}
