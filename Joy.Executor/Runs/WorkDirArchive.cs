using System.Formats.Tar;
using System.Text;
using Joy.Application.Execution;

namespace Joy.Executor.Runs;

/// <summary>
/// Writes the run's inputs and script as one tar rooted at <c>/</c> (entries under <c>workdir/</c>), straight
/// into the upload request: each input is opened, copied and closed in turn, never held whole in memory.
/// </summary>
internal static class WorkDirArchive
{
    public static bool IsNeeded(ActorRunRequest request) => request.Inputs.Count > 0 || request.Actor.Script is not null;

    public static async Task WriteAsync(ActorRunRequest request, Stream target, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
        var directories = new HashSet<string> { "workdir/" };
        await WriteDirectoryAsync(writer, "workdir/", cancellationToken);
        if (request.Actor.Script is { } script)
        {
            await WriteDirectoryAsync(writer, "workdir/.joy/", cancellationToken);
            var bytes = Encoding.UTF8.GetBytes(script);
            await WriteFileAsync(writer, "workdir/.joy/run.sh", new MemoryStream(bytes), bytes.Length, Executable, cancellationToken);
        }

        foreach (var (name, input) in request.Inputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var segments = name.Split('/');
            for (var depth = 1; depth < segments.Length; depth++)
            {
                var directory = $"workdir/{string.Join('/', segments[..depth])}/";
                if (directories.Add(directory))
                {
                    await WriteDirectoryAsync(writer, directory, cancellationToken);
                }
            }

            await using var content = await input.Open(cancellationToken);
            await WriteFileAsync(writer, $"workdir/{name}", content, input.Length, Readable, cancellationToken);
        }
    }

    private const UnixFileMode Readable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode Executable =
        Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static Task WriteDirectoryAsync(TarWriter writer, string name, CancellationToken cancellationToken) =>
        writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name) { Mode = Executable | UnixFileMode.UserWrite }, cancellationToken);

    private static Task WriteFileAsync(
        TarWriter writer, string name, Stream content, long length, UnixFileMode mode, CancellationToken cancellationToken) =>
        writer.WriteEntryAsync(
            new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = mode,
                ModificationTime = DateTimeOffset.UtcNow,
                DataStream = new KnownLengthStream(content, length),
            },
            cancellationToken);
}
