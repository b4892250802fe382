using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// Joy.Web's own Program, whole (its hosted services, Wolverine, the daemon), under Alba: the
/// application fixture of the HTTP tests. A test layers its settings over the environment's
/// (the nodes, PostgreSQL) and may add services. What needs a real socket (a browser, Kestrel's
/// own limits, TLS) runs on <see cref="KestrelApp"/> or its own host, as Alba serves through TestServer only.
/// </summary>
public static class JoyApp
{
    public static Task<IAlbaHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        StartAsync(configuration => Layer(configuration, settings), services);

    /// <summary>Scenarios and clients send the admin key unless a test sets its own Authorization.</summary>
    public static async Task<IAlbaHost> StartAsync(Action<IConfigurationBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.ConfigureAppConfiguration((_, configuration) => configure(configuration));
            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        host.BeforeEach(context =>
        {
            if (!context.Request.Headers.ContainsKey("Authorization"))
            {
                context.Request.Headers.Authorization = $"Bearer {TestEnvironment.AdminKey}";
            }
        });
        return host;
    }

    /// <summary>
    /// The environment's settings with a test's over them. Each host gets a service name (the containers' joy.service
    /// label) of its own unless the test sets one: a host's orphan sweep then never touches another's containers,
    /// nor those of a service started from the README on the same nodes.
    /// </summary>
    public static IConfigurationBuilder Layer(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?> settings) =>
        configuration.AddConfiguration(TestEnvironment.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Joy:Executor:ServiceName"] = $"joy-test-{Guid.NewGuid():N}"[..21] })
            .AddInMemoryCollection(settings);

    /// <summary>
    /// A client that sends the admin key (or <paramref name="key"/>). It follows no redirects, so it
    /// streams request bodies as they are written rather than buffering them to resend.
    /// </summary>
    public static HttpClient CreateClient(this IAlbaHost host, string? key = null) => host.Server.CreateClient().Authorized(key);

    /// <summary>A client with no credential at all.</summary>
    public static HttpClient CreateAnonymousClient(this IAlbaHost host) => host.Server.CreateClient();
}
