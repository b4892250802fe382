using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>
/// Reading JSON scalars whatever produced the node (parsed text or a CLR value), since
/// <see cref="JsonValue.TryGetValue{T}"/> only answers for the exact stored type.
/// </summary>
public static class JsonValues
{
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool TryString(JsonNode? node, out string value)
    {
        value = "";
        if (Kind(node) != JsonValueKind.String)
        {
            return false;
        }

        value = node!.GetValue<string>();
        return true;
    }

    public static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        return Kind(node) == JsonValueKind.Number
            && double.TryParse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryBoolean(JsonNode? node, out bool value)
    {
        value = Kind(node) == JsonValueKind.True;
        return Kind(node) is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>An RFC 3339 timestamp, as ASL's Timestamp comparisons and Wait require.</summary>
    public static bool TryTimestamp(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        return TryString(node, out var text) && text.Contains('T')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    public static string? StringOrNull(JsonNode? node) => TryString(node, out var s) ? s : null;
}
