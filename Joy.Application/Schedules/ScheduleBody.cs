using System.Text.Json;
using System.Text.Json.Nodes;
using Joy.Application.Definitions;
using Joy.Domain;
using Joy.Domain.Schedules;
using Microsoft.AspNetCore.Http;

namespace Joy.Application.Schedules;

/// <summary>
/// Reads a schedule body by hand, so malformed JSON and every field of the wrong type are reported at once, by
/// field name; what the values mean is checked after, by <c>ScheduleValidation</c>.
/// </summary>
internal static class ScheduleBody
{
    private static readonly Dictionary<string, JsonValueKind[]> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = [JsonValueKind.String],
        ["cron"] = [JsonValueKind.String],
        ["timeZone"] = [JsonValueKind.String, JsonValueKind.Null],
        ["stateMachine"] = [JsonValueKind.String],
        ["initialBlobs"] = [JsonValueKind.Array, JsonValueKind.Null],
        ["parameters"] = [JsonValueKind.Object, JsonValueKind.Null],
        ["priority"] = [JsonValueKind.Number],
        ["overlap"] = [JsonValueKind.String, JsonValueKind.Null],
        ["catchupWindowSeconds"] = [JsonValueKind.Number],
        ["paused"] = [JsonValueKind.True, JsonValueKind.False],
    };

    public static Task<DefinitionBody.Parsed> ReadAsync(HttpRequest request, bool patch, CancellationToken cancellationToken) =>
        DefinitionBody.ReadAsync(request, (body, isPatch, problems) => Check(body, isPatch, problems), patch, cancellationToken);

    public static ScheduleDefinition ToDefinition(JsonObject body) => DomainJson.FromNode<ScheduleDefinition>(body)!;

    private static void Check(JsonObject body, bool patch, DefinitionBody.Problems problems)
    {
        foreach (var (field, kinds) in Fields)
        {
            if (!body.TryGetPropertyValue(field, out var value))
            {
                continue;
            }

            var kind = value?.GetValueKind() ?? JsonValueKind.Null;
            if (patch && kind == JsonValueKind.Null)
            {
                continue; // a merge patch's null removes the field, leaving its default
            }

            if (!kinds.Contains(kind))
            {
                problems.Add(field, $"Must be {Describe(kinds[0])}.");
            }
            else if (kind == JsonValueKind.Number && !(value!.AsValue().TryGetValue<int>(out _)))
            {
                problems.Add(field, "Must be a whole number.");
            }
            else if (field == "initialBlobs" && value is JsonArray blobs && blobs.Any(blob => blob is not JsonObject))
            {
                problems.Add(field, "Must be an array of objects {id, name, tag}.");
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        _ => "true or false",
    };
}
