using System.Text.Json.Nodes;

namespace Joy.Application.Definitions;

/// <summary>The actors a state machine runs: every Task's <c>Resource: "actor:NAME"</c>, nested machines included.</summary>
public static class StateMachineActors
{
    private const string Prefix = "actor:";

    public static string[] Referenced(JsonNode? definition)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Walk(definition, names);
        return [.. names];
    }

    private static void Walk(JsonNode? node, SortedSet<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["Type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "Task"
                    && obj["Resource"] is JsonValue resource && resource.TryGetValue<string>(out var value)
                    && value.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    names.Add(value[Prefix.Length..]);
                }

                foreach (var (_, child) in obj)
                {
                    Walk(child, names);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, names);
                }

                break;
        }
    }
}
