using System.Formats.Tar;
using Joy.Executor.Docker;

namespace Joy.Executor.Runs;

internal sealed partial class RunOutputs
{
    /// <summary>
    /// What one read of the work dir settled. <see cref="Complete"/>: it went to the end, so a wanted name it did
    /// not store is absent, unless <see cref="Skipped"/> names it (passed over: no room to hold it until
    /// return.json was read, or a hard link, whose data the archive carries under another name).
    /// <see cref="ReturnJson"/>: null when the scan was not asked to read it or did not get to it.
    /// </summary>
    private sealed record Scan(bool Complete, ReturnJson? ReturnJson, IReadOnlySet<string> Skipped);

    /// <summary>
    /// One GET of the whole work dir: stores the wanted files as they stream past and, when asked, reads
    /// return.json on the way. Entries come in name order, so files before return.json, which it may list,
    /// are held in memory until it is read. Stops once more than <paramref name="limit"/> bytes nobody
    /// wanted have gone by.
    /// </summary>
    private async Task<Scan> ScanAsync(
        IReadOnlySet<string> exact, IReadOnlyList<Glob> globs, bool readsReturnJson, long limit, CancellationToken cancellationToken)
    {
        ReturnJson? returned = null;
        var held = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        long passed = 0, heldBytes = 0;
        var returnJsonIsLink = false;
        bool IsWanted(string name) =>
            !IsReserved(name)
            && (exact.Contains(name) || returned?.Outputs.Contains(name) == true || globs.Any(glob => glob.Regex.IsMatch(name)));

        await using var archive = (await client.GetArchiveFromContainerAsync(containerId, ContainerSpec.WorkDir, cancellationToken))?.Stream;
        if (archive is not null)
        {
            await using var reader = new TarReader(archive, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (StripWorkDir(entry.Name) is not { } name || entry.EntryType is TarEntryType.Directory)
                {
                    continue;
                }

                var mayBeListed = readsReturnJson && returned is null && !IsReserved(name);
                if (readsReturnJson && returned is null && name == ReturnJsonName && IsRegularFile(entry))
                {
                    var (parsed, bytes) = await ReadReturnJsonAsync(entry, cancellationToken);
                    returned = parsed;
                    foreach (var (heldName, content) in held.Where(pair => IsWanted(pair.Key)))
                    {
                        await StoreAsync(heldName, new MemoryStream(content, writable: false), cancellationToken);
                    }

                    held.Clear();
                    if (IsWanted(name))
                    {
                        await StoreAsync(name, bytes is null ? entry.DataStream : new MemoryStream(bytes, writable: false), cancellationToken);
                    }

                    continue;
                }

                if (entry.EntryType is TarEntryType.HardLink)
                {
                    // A single read of the name brings its content as a regular file.
                    returnJsonIsLink |= readsReturnJson && returned is null && name == ReturnJsonName;
                    if (mayBeListed || IsWanted(name))
                    {
                        skipped.Add(name);
                    }
                }
                else if (!IsRegularFile(entry))
                {
                    // Symbolic links and devices are never outputs.
                }
                else if (IsWanted(name))
                {
                    await StoreAsync(name, entry.DataStream, cancellationToken);
                }
                else if (passed + entry.Length > limit)
                {
                    return new Scan(Complete: false, returned, skipped);
                }
                else
                {
                    passed += entry.Length;
                    if (mayBeListed && heldBytes + entry.Length <= options.WorkDirReadLimitBytes)
                    {
                        held[name] = await ReadAllAsync(entry, cancellationToken);
                        heldBytes += entry.Length;
                    }
                    else if (mayBeListed)
                    {
                        skipped.Add(name);
                    }
                }
            }
        }

        // A hard-linked return.json is left to a single read; the files held for it are settled after that.
        if (readsReturnJson && returned is null && returnJsonIsLink)
        {
            skipped.UnionWith(held.Keys);
        }
        else if (readsReturnJson)
        {
            returned ??= None;
        }

        return new Scan(Complete: true, returned, skipped);
    }

    // The actor's script and whatever else Joy keeps under .joy/ are never outputs (globs included).
    private static bool IsReserved(string name) => name.StartsWith(".joy/", StringComparison.Ordinal);

    private static async Task<byte[]> ReadAllAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var bytes = new byte[entry.Length];
        if (entry.DataStream is { } data)
        {
            await data.ReadExactlyAsync(bytes, cancellationToken);
        }

        return bytes;
    }

    private static string? StripWorkDir(string entryName)
    {
        const string prefix = "workdir/";
        return entryName.StartsWith(prefix, StringComparison.Ordinal) && entryName.Length > prefix.Length
            ? entryName[prefix.Length..]
            : null;
    }
}
