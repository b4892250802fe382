using System.IO.Pipelines;
using Docker.DotNet.Models;

namespace Joy.Executor.Docker;

public static partial class DockerCalls
{
    /// <summary>
    /// Extracts a tar into the container at <paramref name="path"/>. <paramref name="writeTar"/> writes it into a
    /// pipe the request body reads from, so no file is ever held whole in memory.
    /// </summary>
    public static async Task ExtractArchiveToContainerAsync(
        this DockerNodeClient client, string id, string path, Func<Stream, CancellationToken, Task> writeTar,
        CancellationToken cancellationToken = default)
    {
        var pipe = new Pipe();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAsync(pipe.Writer, writeTar, stopWriting.Token);
        try
        {
            await client.CallAsync(
                "upload archive",
                (docker, token) => docker.Containers.ExtractArchiveToContainerAsync(
                    id, new CopyToContainerParameters { Path = path }, pipe.Reader.AsStream(), token),
                cancellationToken,
                streaming: true);
        }
        catch
        {
            // Nobody reads the pipe any more: stop the writer rather than let it read its inputs for nothing.
            // The upload's failure is the one reported; the writer's, if it failed first, is inside it.
            await stopWriting.CancelAsync();
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await writing;
    }

    /// <summary>
    /// The tar of <paramref name="path"/>, streamed; null when nothing is there. The caller disposes its
    /// <see cref="ContainerArchiveResponse.Stream"/>, which holds the connection.
    /// </summary>
    public static Task<ContainerArchiveResponse?> GetArchiveFromContainerAsync(
        this DockerNodeClient client, string id, string path, CancellationToken cancellationToken = default) =>
        client.FindAsync(
            "download archive",
            (docker, token) => docker.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = path }, false, token),
            cancellationToken,
            streaming: true);

    /// <summary>What is at <paramref name="path"/> in the container (a stat: nothing is archived), or null when nothing is.</summary>
    public static async Task<ContainerPathStatResponse?> StatPathAsync(
        this DockerNodeClient client, string id, string path, CancellationToken cancellationToken = default) =>
        (await client.FindAsync(
            "stat path",
            (docker, token) => docker.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = path }, true, token),
            cancellationToken))?.Stat;

    private static async Task WriteAsync(PipeWriter writer, Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken)
    {
        try
        {
            await writeTar(writer.AsStream(leaveOpen: true), cancellationToken);
            await writer.CompleteAsync();
        }
        catch (Exception exception)
        {
            // The reader (the request body) fails with it, so the upload ends instead of waiting for more.
            await writer.CompleteAsync(exception);
            throw;
        }
    }
}
