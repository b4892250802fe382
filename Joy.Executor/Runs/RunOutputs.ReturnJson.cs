using System.Formats.Tar;
using System.Text.Json;
using Joy.Application.Execution;

namespace Joy.Executor.Runs;

internal sealed partial class RunOutputs
{
    private const string ReturnJsonName = "return.json";

    private sealed record ReturnJson(IReadOnlyList<string> Outputs, JsonElement? Data, string? Problem);

    private static readonly ReturnJson None = new([], null, null);

    /// <summary>
    /// /workdir/return.json, the original service's format plus Data: <c>{"Outputs": [...], "Data": {...}}</c>.
    /// Absent is fine; present but unreadable, too big or naming unsafe files is the actor's error.
    /// </summary>
    private async Task<ReturnJson> ReadReturnJsonAsync(CancellationToken cancellationToken)
    {
        var result = None;
        await ReadTarAsync($"{ContainerSpec.WorkDir}/{ReturnJsonName}",
            async entry => (result, _) = await ReadReturnJsonAsync(entry, cancellationToken), cancellationToken);
        return result;
    }

    /// <summary>Parses return.json from its tar entry; also hands back its bytes when it was read (not too big).</summary>
    private async Task<(ReturnJson Parsed, byte[]? Bytes)> ReadReturnJsonAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var limit = options.ReturnJsonLimitBytes;
        if (entry.Length > limit)
        {
            return (None with { Problem = $"return.json is {entry.Length} bytes, more than the {limit} allowed" }, null);
        }

        var bytes = await ReadAllAsync(entry, cancellationToken);
        return (Parse(bytes), bytes);
    }

    private static ReturnJson Parse(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return None with { Problem = "return.json is not a JSON object" };
            }

            var outputs = new List<string>();
            JsonElement? data = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("Outputs") || property.Name.Equals("outputs", StringComparison.OrdinalIgnoreCase))
                {
                    if (property.Value.ValueKind != JsonValueKind.Array
                        || property.Value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
                    {
                        return None with { Problem = "return.json Outputs must be an array of file names" };
                    }

                    outputs.AddRange(property.Value.EnumerateArray().Select(item => item.GetString()!));
                }
                else if (property.Name.Equals("Data", StringComparison.OrdinalIgnoreCase))
                {
                    data = property.Value.Clone();
                }
            }

            var unsafeNames = outputs.Select(name => (name, problem: ActorFileNames.Problem(name)))
                .Where(pair => pair.problem is not null)
                .Select(pair => $"'{pair.name}' {pair.problem}")
                .ToList();
            return unsafeNames.Count > 0
                ? None with { Problem = $"return.json names unsafe outputs: {string.Join("; ", unsafeNames)}" }
                : new ReturnJson(outputs.Distinct().ToList(), data, null);
        }
        catch (JsonException exception)
        {
            return None with { Problem = $"return.json is not valid JSON: {exception.Message}" };
        }
    }
}
