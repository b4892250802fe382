using System.Formats.Tar;
using System.Text;
using Joy.Application.Execution;

namespace Joy.Executor.Runs;

/// <summary>
/// Writes the run's inputs and script as one tar extracted at <c>/workdir</c> (the run's volume: the root filesystem
/// is read-only), straight into the upload request: each input is opened, copied and closed in turn, never held
/// whole in memory. Entries belong to the run's user (the daemon keeps a tar's owners), so the actor may change or
/// remove its inputs, as the judge's run does with <c>chmod +x Main</c>.
/// </summary>
internal static class WorkDirArchive
{
    public static bool IsNeeded(ActorRunRequest request) => request.Inputs.Count > 0 || request.Actor.Script is not null;

    public static async Task WriteAsync(ActorRunRequest request, ContainerHardening owner, Stream target, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
        var directories = new HashSet<string>();
        if (request.Actor.Script is { } script)
        {
            directories.Add(".joy/");
            await WriteDirectoryAsync(writer, ".joy/", owner, cancellationToken);
            var bytes = Encoding.UTF8.GetBytes(script);
            await WriteFileAsync(writer, ".joy/run.sh", new MemoryStream(bytes), bytes.Length, Executable, owner, cancellationToken);
        }

        foreach (var (name, input) in request.Inputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var segments = name.Split('/');
            for (var depth = 1; depth < segments.Length; depth++)
            {
                var directory = $"{string.Join('/', segments[..depth])}/";
                if (directories.Add(directory))
                {
                    await WriteDirectoryAsync(writer, directory, owner, cancellationToken);
                }
            }

            await using var content = await input.Open(cancellationToken);
            await WriteFileAsync(writer, name, content, input.Length, Readable, owner, cancellationToken);
        }
    }

    private const UnixFileMode Readable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode Executable =
        Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public const UnixFileMode DirectoryMode = Executable | UnixFileMode.UserWrite;

    private static Task WriteDirectoryAsync(TarWriter writer, string name, ContainerHardening owner, CancellationToken cancellationToken) =>
        writer.WriteEntryAsync(
            new PaxTarEntry(TarEntryType.Directory, name) { Mode = DirectoryMode, Uid = owner.Uid, Gid = owner.Gid }, cancellationToken);

    private static Task WriteFileAsync(
        TarWriter writer, string name, Stream content, long length, UnixFileMode mode, ContainerHardening owner, CancellationToken cancellationToken) =>
        writer.WriteEntryAsync(
            new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = mode,
                Uid = owner.Uid,
                Gid = owner.Gid,
                ModificationTime = DateTimeOffset.UtcNow,
                DataStream = new KnownLengthStream(content, length),
            },
            cancellationToken);
}
