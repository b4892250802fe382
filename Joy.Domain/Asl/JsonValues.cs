using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Joy.Domain.Asl;

/// <summary>
/// Reading JSON scalars whatever produced the node (parsed text or a CLR value), since
/// <see cref="JsonValue.TryGetValue{T}"/> only answers for the exact stored type.
/// </summary>
public static partial class JsonValues
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

    /// <summary>What <see cref="TryTimestamp"/> accepts, in words for problems and runtime errors.</summary>
    public const string TimestampForm = "an RFC 3339 timestamp with an uppercase T and Z or an offset, e.g. 2016-03-14T01:59:00Z or 2016-03-14T02:59:00+01:00";

    /// <summary>
    /// A timestamp as ASL defines it: RFC 3339's date-time with an uppercase T and Z or a numeric
    /// offset. A time without a zone names no instant, so it is no timestamp rather than UTC.
    /// </summary>
    public static bool TryTimestamp(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        return TryString(node, out var text) && Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    // The shape only; DateTimeOffset checks the ranges (month 13, February 30).
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    public static string? StringOrNull(JsonNode? node) => TryString(node, out var s) ? s : null;
}
