using System.Collections.Concurrent;
using Joy.Application.Execution;

namespace Joy.Tests.Executor;

/// <summary>Keeps outputs in memory; the reference it returns is "mem:" plus the name.</summary>
public sealed class MemorySink : IActorOutputSink
{
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    public string Text(string name) => System.Text.Encoding.UTF8.GetString(Files[name]);

    public async Task<string> StoreAsync(string runId, string name, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        Files[name] = buffer.ToArray();
        return $"mem:{name}";
    }
}
