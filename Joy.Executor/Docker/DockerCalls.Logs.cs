using Docker.DotNet;
using Docker.DotNet.Models;

namespace Joy.Executor.Docker;

public static partial class DockerCalls
{
    private static readonly ContainerLogsParameters BothStreams = new() { ShowStdout = true, ShowStderr = true };

    /// <summary>
    /// stdout and stderr in the order the daemon sends their frames, at most <paramref name="limitBytes"/> bytes:
    /// reading stops there rather than downloading the rest. Docker.DotNet inspects the container first to learn
    /// whether the log is multiplexed; within <see cref="DockerNodeClient.ReadingExitOf"/> that costs no request
    /// of its own.
    /// </summary>
    public static Task<ContainerLogs> GetContainerLogsAsync(
        this DockerNodeClient client, string id, int limitBytes, CancellationToken cancellationToken = default) =>
        // Read inside the call: a connection cut mid-log is the node's failure, classified like any other.
        client.CallAsync("container logs", async (docker, token) =>
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(id, BothStreams, token);
            return await ReadAsync(stream, limitBytes, token);
        }, cancellationToken, streaming: true);

    /// <summary>The last line of stderr alone (where joy-meter reports, when the capped log stopped short of it).</summary>
    public static Task<ContainerLogs> GetLastStderrLineAsync(this DockerNodeClient client, string id, CancellationToken cancellationToken = default) =>
        client.CallAsync("container logs", async (docker, token) =>
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(id, LastStderrLine, token);
            return await ReadAsync(stream, 64 * 1024, token);
        }, cancellationToken, streaming: true);

    private static readonly ContainerLogsParameters LastStderrLine = new() { ShowStderr = true, Tail = "1" };

    private static async Task<ContainerLogs> ReadAsync(MultiplexedStream stream, int limitBytes, CancellationToken cancellationToken)
    {
        var output = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            // With no room left, one more byte tells a log that fits exactly from one that was cut.
            var room = limitBytes - (int)output.Length;
            var read = await stream.ReadOutputAsync(buffer, 0, Math.Clamp(room, 1, buffer.Length), cancellationToken);
            if (read.EOF)
            {
                return new ContainerLogs(output.ToArray(), Truncated: false);
            }

            if (read.Count > room)
            {
                return new ContainerLogs(output.ToArray(), Truncated: true);
            }

            output.Write(buffer, 0, read.Count);
        }
    }
}

/// <summary>stdout and stderr interleaved as written, capped; <see cref="Truncated"/> when the cap cut it.</summary>
public sealed record ContainerLogs(byte[] Bytes, bool Truncated)
{
    /// <summary>At most <paramref name="limitBytes"/> of it: the first ones, <see cref="Truncated"/> if any were cut.</summary>
    public ContainerLogs Capped(int limitBytes) => Bytes.Length > limitBytes ? new ContainerLogs(Bytes[..limitBytes], Truncated: true) : this;
}
