using System.Diagnostics;

namespace Joy.Tests.Instances;

/// <summary>
/// Load for a test to judge under: shell busy loops, one per core, each bounded by timeout(1) so none outlives
/// a test that dies, and killed when disposed.
/// </summary>
public sealed class BusyLoops : IDisposable
{
    private readonly List<Process> _loops;

    private BusyLoops(List<Process> loops) => _loops = loops;

    public static BusyLoops Start(int count, TimeSpan atMost) =>
        new(Enumerable.Range(0, count)
            .Select(_ => Process.Start("timeout", [$"{(int)atMost.TotalSeconds}", "sh", "-c", "while :; do :; done"]))
            .ToList());

    /// <summary>Whether every loop still runs (it was load the whole time, not only at the start).</summary>
    public bool AllRunning => _loops.All(loop => !loop.HasExited);

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Kill(entireProcessTree: true);
            loop.WaitForExit();
            loop.Dispose();
        }
    }
}
