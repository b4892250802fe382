using System.Formats.Tar;
using System.Text;
using System.Text.RegularExpressions;
using Joy.Application.Execution;
using Joy.Executor.Docker;

namespace Joy.Executor.Runs;

/// <summary>
/// Reads a finished container's outputs: the declared names and globs plus whatever /workdir/return.json
/// lists, each handed to the run's sink as it streams out of the archive API, entry by entry.
/// </summary>
/// <remarks>
/// On docker 20.10 an archive read that finds its path re-execs the daemon (docker-tar), whatever its size,
/// while one that finds nothing costs a stat. So return.json alone is probed with a read of its own, and when
/// several files are wanted from a small work dir, one read of the whole work dir brings them all
/// (<see cref="ScanAsync"/>); otherwise each file is read on its own, since inputs can be large.
/// </remarks>
internal sealed partial class RunOutputs(DockerNodeClient client, string containerId, ActorRunRequest request, ExecutorOptions options)
{
    /// <summary>What was stored, return.json's Data, its problem if unreadable, and what was expected but absent.</summary>
    public sealed record Collected(
        IReadOnlyDictionary<string, string> Stored, System.Text.Json.JsonElement? Data, string? ReturnJsonProblem, IReadOnlyList<string> Missing);

    private sealed record Glob(string Pattern, Regex Regex);

    private readonly Dictionary<string, string> _stored = new(StringComparer.Ordinal);

    public static Task<Collected> CollectAsync(
        DockerNodeClient client, string containerId, ActorRunRequest request, ExecutorOptions options, CancellationToken cancellationToken) =>
        new RunOutputs(client, containerId, request, options).CollectAsync(cancellationToken);

    private async Task<Collected> CollectAsync(CancellationToken cancellationToken)
    {
        var declared = request.Actor.Outputs;
        var exact = declared.Where(name => !OutputGlob.IsGlob(name)).ToHashSet(StringComparer.Ordinal);
        var globs = declared.Where(OutputGlob.IsGlob).Select(pattern => new Glob(pattern, OutputGlob.ToRegex(pattern))).ToList();

        // Globs need the listing whatever its size; declared names are worth one read that brings return.json too.
        Scan? scan = null;
        if (globs.Count > 0 || (exact.Count > 0 && WorkDirIsSmall()))
        {
            var limit = globs.Count > 0 ? long.MaxValue : options.WorkDirReadLimitBytes;
            scan = await ScanAsync(exact, globs, readsReturnJson: true, limit, cancellationToken);
        }

        var returned = scan?.ReturnJson ?? await ReadReturnJsonAsync(cancellationToken);
        var wanted = exact.Concat(returned.Outputs).ToHashSet(StringComparer.Ordinal);
        var pending = wanted.Where(name => !IsSettled(scan, name))
            .Concat(scan?.Skipped.Where(name => globs.Any(glob => glob.Regex.IsMatch(name))) ?? [])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (scan is null && pending.Count > 1 && WorkDirIsSmall())
        {
            scan = await ScanAsync(pending.ToHashSet(StringComparer.Ordinal), [], readsReturnJson: false, options.WorkDirReadLimitBytes, cancellationToken);
            pending = pending.Where(name => !IsSettled(scan, name)).ToList();
        }

        foreach (var name in pending)
        {
            await ReadTarAsync($"{ContainerSpec.WorkDir}/{name}", async entry => await StoreAsync(name, entry.DataStream, cancellationToken),
                cancellationToken);
        }

        var missing = wanted.Where(name => !_stored.ContainsKey(name))
            .Concat(globs.Where(glob => !_stored.Keys.Any(glob.Regex.IsMatch)).Select(glob => glob.Pattern))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Collected(_stored, returned.Data, returned.Problem, missing);
    }

    /// <summary>Stored, or known absent from a work-dir read that went to the end and did not pass it over.</summary>
    private bool IsSettled(Scan? scan, string name) =>
        _stored.ContainsKey(name) || scan is { Complete: true } && !scan.Skipped.Contains(name);

    // What the upload put there is known; what the actor wrote besides its outputs is not, hence the scan's own limit.
    private bool WorkDirIsSmall() =>
        request.Inputs.Values.Sum(input => input.Length) + Encoding.UTF8.GetByteCount(request.Actor.Script ?? "")
        <= options.WorkDirReadLimitBytes;

    private async Task StoreAsync(string name, Stream? content, CancellationToken cancellationToken) =>
        // An empty file has no data stream at all: it is still an output (e.g. an empty stderr.txt).
        _stored[name] = await request.OutputSink.StoreAsync(request.RunId, name, content ?? Stream.Null, cancellationToken);

    /// <summary>Calls <paramref name="onFile"/> with the archive of one file's path, if it exists and is a regular file.</summary>
    private async Task ReadTarAsync(string path, Func<TarEntry, Task> onFile, CancellationToken cancellationToken)
    {
        await using var archive = (await client.GetArchiveFromContainerAsync(containerId, path, cancellationToken))?.Stream;
        if (archive is null)
        {
            return;
        }

        await using var reader = new TarReader(archive, leaveOpen: true);
        if (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry && IsRegularFile(entry))
        {
            await onFile(entry);
        }
    }

    private static bool IsRegularFile(TarEntry entry) => entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;
}
