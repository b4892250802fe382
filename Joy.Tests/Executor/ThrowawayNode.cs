using System.Diagnostics;
using Joy.Executor;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Executor;

/// <summary>
/// A node of our own (<c>scripts/env.sh node-up NAME</c>) that a test may stop; node-1 and node-2 are never stopped.
/// </summary>
public sealed class ThrowawayNode : IAsyncDisposable
{
    private ThrowawayNode(string name) => Name = name;

    public string Name { get; }

    public string SocketPath => Path.Combine(TestEnvironment.StateDir, Name, "docker.sock");

    public NodeOptions Options(int maxRunningJobs = 4) => new()
    {
        Address = $"unix://{SocketPath}",
        Image = "joy-busybox:latest",
        MaxRunningJobs = maxRunningJobs,
    };

    public static async Task<ThrowawayNode> StartAsync(string prefix)
    {
        var node = new ThrowawayNode($"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)]);
        await node.UpAsync();
        return node;
    }

    private bool _stopped;

    public Task UpAsync() => EnvScriptAsync("node-up");

    /// <summary>Stops the node's dockerd (SIGTERM: it closes its API, then stops its containers) and drops its state.</summary>
    public async Task StopAsync()
    {
        await EnvScriptAsync("node-down");
        _stopped = true;
    }

    /// <summary>Freezes the daemon (SIGSTOP): it stops answering while its containers go on, as a hung or cut-off host would.</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    public Task ThawAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var pid = File.ReadAllText(Path.Combine(TestEnvironment.StateDir, Name, "dockerd.pid")).Trim();
        using var kill = Process.Start("kill", [signal, pid]);
        await kill.WaitForExitAsync();
        kill.ExitCode.ShouldBe(0);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await ThawAsync();
            await StopAsync();
        }
    }

    private async Task EnvScriptAsync(string command)
    {
        var log = Path.Combine(Path.GetTempPath(), $"joy-{Name}-{command}.log");
        // Output goes to a file: the daemon inherits it and would hold a pipe open forever.
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", $"bash scripts/env.sh {command} {Name} >'{log}' 2>&1"])
        {
            WorkingDirectory = RepositoryRoot,
            UseShellExecute = false,
        })!;
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        process.ExitCode.ShouldBe(0, $"env.sh {command} {Name} failed: {File.ReadAllText(log)}");
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Joy.EventSourced.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Joy.EventSourced.sln not found above the test assembly.");
    }
}
