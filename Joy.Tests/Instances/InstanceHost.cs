using ContainerListResponse = Docker.DotNet.Models.ContainerListResponse;
using Joy.Executor;
using Joy.Executor.Docker;
using Joy.Executor.Runs;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Instances;

/// <summary>
/// Joy.Web in memory over the environment's real nodes and a test database, with a service name of its
/// own (the containers' joy.service label) so its containers are told apart and removed afterwards.
/// Several hosts on one database and service name act as several service processes.
/// </summary>
public class InstanceHost : IAsyncLifetime
{
    private readonly List<Alba.IAlbaHost> _hosts = [];

    public TestDatabase Database { get; } = new();

    public string ServiceName { get; } = $"joy-test-{Guid.NewGuid():N}"[..21];

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The services of the first service process (the one <see cref="Client"/> calls).</summary>
    public IServiceProvider Services => _hosts[0].Services;

    /// <summary>
    /// The service's settings for this test: the environment's nodes, this database and service name, short leases;
    /// <see cref="Extra"/> over them.
    /// </summary>
    public Dictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Joy"] = Database.ConnectionString,
                ["Joy:Executor:ServiceName"] = ServiceName,
                ["Joy:Executor:HealthCheckIntervalMs"] = "500",
                ["Joy:Dispatcher:LeaseSeconds"] = "3",
                ["Joy:Dispatcher:PollSeconds"] = "1",
            };
            foreach (var (key, value) in Extra)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <summary>What a subclass changes in the settings (it wins over the defaults above).</summary>
    protected virtual Dictionary<string, string?> Extra => [];

    /// <summary>What a subclass adds to the services (e.g. a telemetry exporter).</summary>
    protected virtual void AddServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Client = (await StartHostAsync()).CreateClient();
        await JudgeExample.LoadAsync(Client);
    }

    /// <summary>Another service process on the same database.</summary>
    public async Task<Alba.IAlbaHost> StartHostAsync()
    {
        var host = await JoyApp.StartAsync(Settings, AddServices);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops every service process of this host (as a shutdown does); <see cref="StartHostAsync"/> starts one again.</summary>
    public async Task StopHostsAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        _hosts.Clear();
    }

    /// <summary>Defines busybox actors (name -> script) and a state machine, through the API.</summary>
    public async Task DefineAsync(string machine, string definition, params (string Name, string Script)[] actors)
    {
        foreach (var (name, script) in actors)
        {
            await JudgeExample.PutAsync(Client, "/api/v1/Actor", new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = name,
                ["image"] = "joy-busybox:latest",
                ["script"] = script,
            });
        }

        await JudgeExample.PutAsync(Client, "/api/v1/StateMachine", new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = machine,
            ["definition"] = System.Text.Json.Nodes.JsonNode.Parse(definition.Replace('\'', '"')),
        });
    }

    /// <summary>This test's containers on every node (any state).</summary>
    public async Task<IReadOnlyList<ContainerListResponse>> ContainersAsync(string? label = null)
    {
        var all = new List<ContainerListResponse>();
        foreach (var (name, node) in ExecutorOptions.FromConfiguration(TestEnvironment.Configuration).Nodes)
        {
            using var client = new DockerNodeClient(name, node);
            all.AddRange(await client.ListContainersAsync([label ?? $"{ContainerSpec.ServiceLabel}={ServiceName}"]));
        }

        return all;
    }

    /// <summary>Runs the SQL against this test's database and returns the first column of every row.</summary>
    public async Task<List<object?>> QueryAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        }

        return rows;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        foreach (var (name, node) in ExecutorOptions.FromConfiguration(TestEnvironment.Configuration).Nodes)
        {
            using var client = new DockerNodeClient(name, node);
            foreach (var container in await client.ListContainersAsync([$"{ContainerSpec.ServiceLabel}={ServiceName}"]))
            {
                await client.RemoveContainerAsync(container.ID);
            }
        }

        await Database.DisposeAsync();
    }
}
