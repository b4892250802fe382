using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>
/// The plain JSON text of a node, as <c>States.JsonToString</c> returns it: compact, and escaping
/// only what RFC 8259 requires (quote, backslash, control characters). System.Text.Json's writer
/// also escapes <c>&lt;</c>, <c>&amp;</c>, non-ASCII and, even with its relaxed encoder, emoji;
/// callers hash, compare and display this text, so it must be the same as any other JSON writer's.
/// </summary>
public static class JsonText
{
    public static string Of(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject obj:
                text.Append('{');
                var separator = "";
                foreach (var (key, value) in obj)
                {
                    WriteString(key, text.Append(separator));
                    Write(value, text.Append(':'));
                    separator = ",";
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    Write(array[i], text.Append(i == 0 ? "" : ","));
                }

                text.Append(']');
                break;
            case JsonValue when JsonValues.TryString(node, out var value):
                WriteString(value, text);
                break;
            default:
                // A number, boolean or null has nothing to escape.
                text.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escaped = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                // A lone surrogate written as is would not be valid UTF-16 text.
                _ when c < ' ' || IsLoneSurrogate(value, i) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escaped is null)
            {
                text.Append(c);
            }
            else
            {
                text.Append(escaped);
            }
        }

        text.Append('"');
    }

    private static bool IsLoneSurrogate(string value, int i) =>
        char.IsHighSurrogate(value[i]) ? i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])
        : char.IsLowSurrogate(value[i]) && (i == 0 || !char.IsHighSurrogate(value[i - 1]));
}
