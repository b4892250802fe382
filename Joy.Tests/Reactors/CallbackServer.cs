using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Joy.Tests.Reactors;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) standing in for the judge that gets
/// callbacks: it records every request and answers with the scripted status codes, then 200.
/// </summary>
public sealed class CallbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();

    private CallbackServer(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>E.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary><c>127.0.0.1:port</c>, as an AllowedHosts entry.</summary>
    public string Authority => new Uri(Address).Authority;

    public string Url(string path = "/callback") => Address + path;

    public static async Task<CallbackServer> StartAsync(params int[] firstStatuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new CallbackServer(app);
        foreach (var status in firstStatuses)
        {
            server._script.Enqueue(status);
        }

        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>Answer the next requests with these codes.</summary>
    public void Then(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new Received(context.Request.Method, context.Request.Path, context.Request.ContentType, JsonNode.Parse(body)));
        context.Response.StatusCode = _script.TryDequeue(out var status) ? status : 200;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(string Method, string Path, string? ContentType, JsonNode? Body);
}
