using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>Selecting by and writing through reference paths, with ASL's failure names.</summary>
public static class JsonPath
{
    public static bool IsValid(string text) => ReferencePath.TryParse(text, out _, out _);

    /// <summary>A copy of the node the path names; a missing member or index fails with <paramref name="error"/>.</summary>
    public static JsonNode? Select(string path, JsonNode? input, JsonNode? context, string error = AslErrors.Runtime) =>
        View(path, input, () => context, error)?.DeepClone();

    /// <summary>
    /// The node itself, not a copy, for read-only use (it stays attached to its parent); the context
    /// object is only built when the path starts with <c>$$</c>.
    /// </summary>
    public static JsonNode? View(string path, JsonNode? input, Func<JsonNode?> context, string error = AslErrors.Runtime)
    {
        var parsed = ReferencePath.Parse(path);
        return TrySelect(parsed, input, parsed.IsContext ? context() : null, out var value)
            ? value
            : throw new AslRuntimeException(error, $"The path '{path}' names nothing in the input.");
    }

    public static bool TrySelect(ReferencePath path, JsonNode? input, JsonNode? context, out JsonNode? value)
    {
        value = path.IsContext ? context : input;
        foreach (var segment in path.Segments)
        {
            switch (segment, value)
            {
                case (FieldSegment field, JsonObject obj) when obj.TryGetPropertyValue(field.Name, out var member):
                    value = member;
                    break;
                case (IndexSegment index, JsonArray array) when index.Index < array.Count:
                    value = array[index.Index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// ResultPath: a copy of <paramref name="input"/> with <paramref name="value"/> written at the
    /// path, creating missing objects on the way; <c>$</c> replaces the input entirely.
    /// </summary>
    public static JsonNode? Set(JsonNode? input, string path, JsonNode? value)
    {
        var parsed = ReferencePath.Parse(path);
        if (parsed.IsContext)
        {
            throw new AslRuntimeException(AslErrors.ResultPathMatchFailure, "A ResultPath cannot write into the context object.");
        }

        if (parsed.Segments.Count == 0)
        {
            return value?.DeepClone();
        }

        var root = input?.DeepClone() ?? new JsonObject();
        var current = root;
        for (var i = 0; i < parsed.Segments.Count; i++)
        {
            var last = i == parsed.Segments.Count - 1;
            current = Step(current, parsed.Segments[i], last ? value?.DeepClone() : null, last, path);
        }

        return root;
    }

    private static JsonNode Step(JsonNode node, PathSegment segment, JsonNode? value, bool last, string path)
    {
        switch (segment, node)
        {
            case (FieldSegment field, JsonObject obj):
                if (last)
                {
                    obj[field.Name] = value;
                    return obj;
                }

                if (obj[field.Name] is not JsonNode child)
                {
                    child = new JsonObject();
                    obj[field.Name] = child;
                }

                return child;
            case (IndexSegment index, JsonArray array) when index.Index < array.Count:
                if (last)
                {
                    array[index.Index] = value;
                    return array;
                }

                return array[index.Index] ?? throw MatchFailure(path);
            default:
                throw MatchFailure(path);
        }
    }

    private static AslRuntimeException MatchFailure(string path) =>
        new(AslErrors.ResultPathMatchFailure, $"Unable to apply ResultPath '{path}' to the input.");
}
