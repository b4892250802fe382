using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Instances;

/// <summary>
/// A real <c>dotnet Joy.Web.dll</c> child process on a free port, over the test's database and service name,
/// that a test can SIGKILL. Its output is drained (and kept for the failure message).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient CreateClient() => new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) }.Authorized();

    public string Output => string.Join('\n', _output.TakeLast(40));

    /// <summary>Whether the process has written a line containing <paramref name="text"/>.</summary>
    public bool Logged(string text) => Count(text) > 0;

    /// <summary>How many lines containing <paramref name="text"/> the process has written.</summary>
    public int Count(string text) => _output.Count(line => line.Contains(text, StringComparison.Ordinal));

    public static Task<ServiceProcess> StartAsync(InstanceHost host) => StartAsync(host.Settings);

    /// <summary>A service over <paramref name="settings"/> (configuration keys, as <c>Joy:Dispatcher:Enabled</c>).</summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Joy.Web.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["JOY_CONFIG"] = TestEnvironment.SettingsPath;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Joy__Dispatcher__Enabled"] = "true";
        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => service._output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => service._output.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitListeningAsync();
        return service;
    }

    /// <summary>SIGKILL: no shutdown code runs, leases stay as they were.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitListeningAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        // Generous: a cold .NET start on a machine busy with other tests' processes and containers.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Joy.Web did not start: {Output}");
                }

                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
