using System.Text.Json;
using System.Text.Json.Nodes;

namespace Joy.Domain;

/// <summary>The one JSON shape of the domain: camelCase, as the HTTP API speaks.</summary>
public static class DomainJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    public static T? FromNode<T>(JsonNode? node) => node is null ? default : node.Deserialize<T>(Options);

    /// <summary>
    /// RFC 7396 merge patch: members given replace, members given as null are removed, others stay.
    /// PATCH changes only the fields the client names.
    /// </summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject obj ? (JsonObject)obj.DeepClone() : new JsonObject();
        foreach (var (key, value) in members)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }

        return result;
    }
}
