using System.Text.Json;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public sealed partial class AslParser
{
    private string? String(JsonObject obj, string name, string pointer, bool required = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            if (required)
            {
                Problem(Pointer(pointer, name), $"{name} is required.");
            }

            return null;
        }

        if (JsonValues.TryString(node, out var value))
        {
            return value;
        }

        Problem(Pointer(pointer, name), $"{name} must be a string.");
        return null;
    }

    private bool? Boolean(JsonObject obj, string name, string pointer)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        if (JsonValues.TryBoolean(node, out var value))
        {
            return value;
        }

        Problem(Pointer(pointer, name), $"{name} must be true or false.");
        return null;
    }

    private double? Number(JsonObject obj, string name, string pointer, double minimum, bool exclusive = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        if (JsonValues.TryNumber(node, out var value) && (exclusive ? value > minimum : value >= minimum))
        {
            return value;
        }

        Problem(Pointer(pointer, name), $"{name} must be a number {(exclusive ? "greater than" : "at least")} {minimum}.");
        return null;
    }

    private int? Integer(JsonObject obj, string name, string pointer, int minimum)
    {
        var value = Number(obj, name, pointer, minimum);
        if (value is null || value == Math.Floor(value.Value) && value <= int.MaxValue)
        {
            return (int?)value;
        }

        Problem(Pointer(pointer, name), $"{name} must be an integer.");
        return null;
    }

    /// <summary>A path member: absent means <c>$</c>, JSON null stays null, otherwise a valid reference path.</summary>
    private string? PathField(JsonObject obj, string name, string pointer, bool writable = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return "$";
        }

        if (node is null)
        {
            return null;
        }

        if (!JsonValues.TryString(node, out var text) || !ReferencePath.TryParse(text, out var path, out var error))
        {
            Problem(Pointer(pointer, name), $"{name} must be a reference path such as $.a.b, $.a[0] or $['a.b'].");
            return "$";
        }

        if (writable && path.IsContext)
        {
            Problem(Pointer(pointer, name), $"{name} cannot write into the context object ($$).");
        }

        _ = error;
        return text;
    }

    /// <summary>A payload template: every <c>"key.$"</c> value must be a path or an intrinsic call.</summary>
    private JsonNode? Template(JsonObject obj, string name, string pointer)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        CheckTemplate(node, Pointer(pointer, name));
        return node?.DeepClone();
    }

    private void CheckTemplate(JsonNode? node, string pointer)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                CheckTemplate(array[i], pointer + "/" + i);
            }
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var (key, value) in obj)
        {
            if (!key.EndsWith(".$", StringComparison.Ordinal))
            {
                CheckTemplate(value, Pointer(pointer, key));
            }
            else if (JsonValues.Kind(value) != JsonValueKind.String)
            {
                Problem(Pointer(pointer, key), $"'{key}' must be a string holding a path or an intrinsic function.");
            }
            else if (PayloadTemplate.ProblemWith(value!.GetValue<string>()) is { } problem)
            {
                Problem(Pointer(pointer, key), $"'{key}' is not a valid path or intrinsic: {problem}.");
            }
        }
    }
}
