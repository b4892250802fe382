using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// Joy.Web in process, on a fresh database of its own (migrated by the host at startup), with the
/// local environment's other settings. Use as a class fixture.
/// </summary>
public sealed class JoyWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // App configuration added here comes last, so it wins over JOY_CONFIG's file.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["ConnectionStrings:Joy"] = _database.ConnectionString }));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
    }
}
