using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// Joy.Web's Program on Kestrel at a free loopback port, for what the in-memory server cannot show:
/// a real browser, and Kestrel's own request limits. Alba cannot host this: its host hands out a
/// TestServer (<c>IAlbaHost.Server</c>) and keeps its WebApplicationFactory internal, so this one
/// variant stays on WebApplicationFactory.
/// </summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public KestrelApp(IReadOnlyDictionary<string, string?> settings)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            host.ConfigureAppConfiguration((_, configuration) => JoyApp.Layer(configuration, settings)));
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer(); // starts the host, which applies the schema
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Where Kestrel listens, for a browser or a client of its own.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client over the socket that sends the admin key.</summary>
    public HttpClient CreateClient() => _factory.CreateClient().Authorized();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
