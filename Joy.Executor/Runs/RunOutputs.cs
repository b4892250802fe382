using System.Formats.Tar;
using System.Text.RegularExpressions;
using Joy.Application.Execution;
using Joy.Executor.Docker;

namespace Joy.Executor.Runs;

/// <summary>
/// Reads a finished container's outputs: the declared names and globs plus whatever /workdir/return.json
/// lists, each handed to the run's sink as it streams out of the archive API, entry by entry.
/// </summary>
internal static partial class RunOutputs
{
    /// <summary>What was stored, return.json's Data, its problem if unreadable, and what was expected but absent.</summary>
    public sealed record Collected(
        IReadOnlyDictionary<string, string> Stored, System.Text.Json.JsonElement? Data, string? ReturnJsonProblem, IReadOnlyList<string> Missing);

    public static async Task<Collected> CollectAsync(
        DockerClient client, string containerId, ActorRunRequest request, int returnJsonLimit, CancellationToken cancellationToken)
    {
        var returned = await ReadReturnJsonAsync(client, containerId, returnJsonLimit, cancellationToken);
        var declared = request.Actor.Outputs;
        var exact = declared.Where(name => !OutputGlob.IsGlob(name)).Concat(returned.Outputs).ToHashSet(StringComparer.Ordinal);
        var globs = declared.Where(OutputGlob.IsGlob).Select(pattern => (Pattern: pattern, Regex: OutputGlob.ToRegex(pattern))).ToList();
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        var matchedGlobs = new HashSet<string>();

        if (globs.Count > 0)
        {
            // Globs need the listing: stream the whole work dir once and keep what matches.
            await ReadTarAsync(client, containerId, ContainerSpec.WorkDir, async (entryName, entry) =>
            {
                var name = StripWorkDir(entryName);
                if (name is null || name.StartsWith(".joy/", StringComparison.Ordinal))
                {
                    return;
                }

                var hits = globs.Where(glob => glob.Regex.IsMatch(name)).Select(glob => glob.Pattern).ToList();
                if (hits.Count > 0 || exact.Contains(name))
                {
                    matchedGlobs.UnionWith(hits);
                    stored[name] = await request.OutputSink.StoreAsync(request.RunId, name, entry.DataStream ?? Stream.Null, cancellationToken);
                }
            }, cancellationToken);
        }
        else
        {
            // Only exact names: fetch each alone instead of the whole work dir (inputs can be large).
            foreach (var name in exact)
            {
                await ReadTarAsync(client, containerId, $"{ContainerSpec.WorkDir}/{name}", async (_, entry) =>
                {
                    stored[name] = await request.OutputSink.StoreAsync(request.RunId, name, entry.DataStream ?? Stream.Null, cancellationToken);
                }, cancellationToken, firstEntryOnly: true);
            }
        }

        var missing = exact.Where(name => !stored.ContainsKey(name))
            .Concat(globs.Select(glob => glob.Pattern).Where(pattern => !matchedGlobs.Contains(pattern)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Collected(stored, returned.Data, returned.Problem, missing);
    }

    private static string? StripWorkDir(string entryName)
    {
        const string prefix = "workdir/";
        return entryName.StartsWith(prefix, StringComparison.Ordinal) && entryName.Length > prefix.Length
            ? entryName[prefix.Length..]
            : null;
    }

    /// <summary>Calls <paramref name="onFile"/> for each regular file of the archive of <paramref name="path"/>, if it exists.</summary>
    private static async Task ReadTarAsync(
        DockerClient client, string containerId, string path, Func<string, TarEntry, Task> onFile,
        CancellationToken cancellationToken, bool firstEntryOnly = false)
    {
        using var archive = await client.GetArchiveFromContainerAsync(containerId, path, cancellationToken);
        if (archive is null)
        {
            return;
        }

        await using var reader = new TarReader(archive.Stream, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            // An empty file has no data stream at all: it is still an output (e.g. an empty stderr.txt).
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                await onFile(entry.Name, entry);
            }

            if (firstEntryOnly)
            {
                return;
            }
        }
    }
}
