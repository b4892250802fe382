using System.Text.Json;
using Joy.Application.Execution;
using Joy.Executor.Docker;

namespace Joy.Executor.Runs;

internal static partial class RunOutputs
{
    private sealed record ReturnJson(IReadOnlyList<string> Outputs, JsonElement? Data, string? Problem);

    private static readonly ReturnJson None = new([], null, null);

    /// <summary>
    /// /workdir/return.json, the original service's format plus Data: <c>{"Outputs": [...], "Data": {...}}</c>.
    /// Absent is fine; present but unreadable, too big or naming unsafe files is the actor's error.
    /// </summary>
    private static async Task<ReturnJson> ReadReturnJsonAsync(
        DockerClient client, string containerId, int limitBytes, CancellationToken cancellationToken)
    {
        var result = None;
        await ReadTarAsync(client, containerId, $"{ContainerSpec.WorkDir}/return.json", async (_, entry) =>
        {
            if (entry.Length > limitBytes)
            {
                result = None with { Problem = $"return.json is {entry.Length} bytes, more than the {limitBytes} allowed" };
                return;
            }

            // An empty file's entry has no data stream: it parses as invalid JSON like any other bad content.
            var bytes = new byte[entry.Length];
            if (entry.DataStream is { } data)
            {
                await data.ReadExactlyAsync(bytes, cancellationToken);
            }

            result = Parse(bytes);
        }, cancellationToken, firstEntryOnly: true);
        return result;
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
