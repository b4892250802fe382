using System.Buffers.Binary;

namespace Joy.Executor.Docker;

public sealed partial class DockerClient
{
    /// <summary>
    /// GET /containers/{id}/logs?stdout&amp;stderr: the frames of both streams in the order the daemon
    /// sends them, demultiplexed (8-byte header: stream, 3 zero bytes, big-endian length), at most
    /// <paramref name="limitBytes"/> bytes; reading stops there rather than downloading the rest.
    /// </summary>
    public async Task<ContainerLogs> GetContainerLogsAsync(string id, int limitBytes, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "container logs",
            new HttpRequestMessage(HttpMethod.Get, $"containers/{Escape(id)}/logs?stdout=true&stderr=true"),
            cancellationToken,
            streaming: true);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var output = new MemoryStream();
        var header = new byte[8];
        try
        {
            while (await stream.ReadAtLeastAsync(header, 8, throwOnEndOfStream: false, cancellationToken) == 8)
            {
                var remaining = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
                var room = limitBytes - (int)output.Length;
                if (remaining > room)
                {
                    await CopyExactlyAsync(stream, output, room, cancellationToken);
                    return new ContainerLogs(output.ToArray(), Truncated: true);
                }

                await CopyExactlyAsync(stream, output, remaining, cancellationToken);
            }
        }
        catch (IOException exception)
        {
            throw new DockerApiException(Node, "container logs", null, exception.Message, exception);
        }

        return new ContainerLogs(output.ToArray(), Truncated: false);
    }

    private static async Task CopyExactlyAsync(Stream source, MemoryStream target, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(count, 64 * 1024)];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, Math.Min(count, buffer.Length)), cancellationToken);
            if (read == 0)
            {
                return;
            }

            target.Write(buffer, 0, read);
            count -= read;
        }
    }
}

/// <summary>stdout and stderr interleaved as written, capped; <see cref="Truncated"/> when the cap cut it.</summary>
public sealed record ContainerLogs(byte[] Bytes, bool Truncated);
