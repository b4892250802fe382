using System.Text;
using Joy.Application.Execution;

namespace Joy.Executor.Runs;

/// <summary>
/// The work dir written by the container itself, when a run's script and inputs are small UTF-8 text:
/// each file rides in an environment variable of the create call, and a POSIX <c>sh</c> prologue writes
/// them under <c>/workdir</c> (files 0644, <c>.joy/run.sh</c> 0755, as the archive upload would), unsets
/// the variables and execs the actor's own command. The actor sees exactly what an upload gives it; the
/// daemon is spared the archive upload, its most expensive call. Anything else (binary content, NUL bytes,
/// more than the limit, an image without <c>/bin/sh</c>) takes the upload (<see cref="WorkDirArchive"/>).
/// </summary>
public static class InlineWorkDir
{
    public const string VariablePrefix = "JOY_WORKDIR_";
    public const string Shell = "/bin/sh";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="Path">Relative to the work dir.</param>
    public sealed record File(string Path, string Text, bool Executable);

    /// <summary>The run's files as text when all of them qualify, else null. Reads inputs only when their sizes fit.</summary>
    public static async Task<IReadOnlyList<File>?> TryReadAsync(ActorRunRequest request, int limitBytes, CancellationToken cancellationToken)
    {
        var script = request.Actor.Script;
        var total = (script is null ? 0 : StrictUtf8.GetByteCount(script)) + request.Inputs.Values.Sum(input => input.Length);
        if (limitBytes <= 0 || total > limitBytes || script?.Contains('\0') == true || (script is null && request.Inputs.Count == 0))
        {
            return null;
        }

        var files = new List<File>();
        if (script is not null)
        {
            files.Add(new File(".joy/run.sh", script, Executable: true));
        }

        foreach (var (name, input) in request.Inputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var bytes = new byte[input.Length];
            await using (var stream = await input.Open(cancellationToken))
            {
                await stream.ReadExactlyAsync(bytes, cancellationToken);
            }

            if (Text(bytes) is not { } text)
            {
                return null;
            }

            files.Add(new File(name, text, Executable: false));
        }

        return files;
    }

    /// <summary>The command that writes <paramref name="files"/> then execs <paramref name="command"/>, and its variables.</summary>
    public static (List<string> Command, List<string> Environment) Wrap(IReadOnlyList<File> files, IReadOnlyList<string> command)
    {
        var prologue = new StringBuilder("set -e\n");
        var directories = files.Select(file => Path.GetDirectoryName(file.Path)).OfType<string>().Where(dir => dir.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        if (directories.Count > 0)
        {
            prologue.Append("mkdir -p").AppendJoin("", directories.Select(dir => $" {Quote($"{ContainerSpec.WorkDir}/{dir}")}")).Append('\n');
        }

        var environment = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var target = Quote($"{ContainerSpec.WorkDir}/{files[i].Path}");
            prologue.Append($"printf %s \"${VariablePrefix}{i}\" > {target}\n");
            if (files[i].Executable)
            {
                prologue.Append($"chmod 755 {target}\n");
            }

            environment.Add($"{VariablePrefix}{i}={files[i].Text}");
        }

        prologue.Append("unset").AppendJoin("", Enumerable.Range(0, files.Count).Select(i => $" {VariablePrefix}{i}")).Append('\n');
        prologue.Append("exec \"$@\"\n");
        return ([Shell, "-c", prologue.ToString(), "joy-workdir", .. command], environment);
    }

    private static string? Text(byte[] bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Contains('\0') ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // Single quotes keep everything literal; a quote inside closes, escapes and reopens.
    private static string Quote(string value) => $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
