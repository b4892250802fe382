using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// Joy.Web's own Program, whole (its hosted services, Wolverine, the daemon), under Alba: the
/// application fixture of the HTTP tests. A test layers its settings over the environment's
/// (the nodes, PostgreSQL) and may add services. The two fixtures that need a real socket
/// (the dashboard in a browser, blob streaming over Kestrel) stay on WebApplicationFactory,
/// as Alba serves through TestServer only.
/// </summary>
public static class JoyApp
{
    public static Task<IAlbaHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        StartAsync(configuration => configuration.AddConfiguration(TestEnvironment.Configuration).AddInMemoryCollection(settings), services);

    public static Task<IAlbaHost> StartAsync(Action<IConfigurationBuilder> configure, Action<IServiceCollection>? services = null) =>
        AlbaHost.For<Program>(builder =>
        {
            builder.ConfigureAppConfiguration((_, configuration) => configure(configuration));
            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });

    public static HttpClient CreateClient(this IAlbaHost host) => host.Server.CreateClient();
}
