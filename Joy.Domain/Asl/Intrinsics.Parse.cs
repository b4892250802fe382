using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public abstract record IntrinsicArgument;

/// <summary>A literal; <see cref="Raw"/> keeps a string's escapes, which States.Format needs.</summary>
public sealed record LiteralArgument(JsonNode? Value, string? Raw = null) : IntrinsicArgument;

public sealed record PathArgument(string Path) : IntrinsicArgument;

public sealed record IntrinsicCall(string Name, IReadOnlyList<IntrinsicArgument> Arguments) : IntrinsicArgument;

public static partial class Intrinsics
{
    public static bool IsIntrinsic(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    public static bool TryParse(string text, out IntrinsicCall call, out string error)
    {
        call = null!;
        try
        {
            var i = 0;
            call = ParseCall(text, ref i);
            SkipSpace(text, ref i);
            error = i == text.Length ? RefusedAsWritten(call) ?? "" : $"unexpected text after the call at {i}";
            return error.Length == 0;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static IntrinsicCall ParseCall(string text, ref int i)
    {
        var open = text.IndexOf('(', i);
        if (open < 0)
        {
            throw new FormatException("expected '(' after the function name");
        }

        var name = text[i..open].Trim();
        if (!Functions.ContainsKey(name))
        {
            throw new FormatException($"unknown intrinsic function '{name}'");
        }

        i = open + 1;
        var arguments = new List<IntrinsicArgument>();
        SkipSpace(text, ref i);
        while (i < text.Length && text[i] != ')')
        {
            arguments.Add(ParseArgument(text, ref i));
            SkipSpace(text, ref i);
            if (i < text.Length && text[i] == ',')
            {
                i++;
                SkipSpace(text, ref i);
            }
        }

        if (i >= text.Length)
        {
            throw new FormatException("missing ')'");
        }

        i++;
        return new IntrinsicCall(name, arguments);
    }

    private static IntrinsicArgument ParseArgument(string text, ref int i)
    {
        if (text[i] == '\'')
        {
            return ParseString(text, ref i);
        }

        if (text.AsSpan(i).StartsWith("States.", StringComparison.Ordinal))
        {
            return ParseCall(text, ref i);
        }

        var start = i;
        var depth = 0;
        var quoted = false;
        while (i < text.Length && (quoted || depth > 0 || (text[i] != ',' && text[i] != ')')))
        {
            quoted ^= text[i] == '\'' && depth > 0;
            depth += text[i] == '[' && !quoted ? 1 : text[i] == ']' && !quoted ? -1 : 0;
            i++;
        }

        var token = text[start..i].Trim();
        if (token.StartsWith('$'))
        {
            return ReferencePath.TryParse(token, out _, out var error)
                ? new PathArgument(token)
                : throw new FormatException($"bad path '{token}': {error}");
        }

        return token switch
        {
            "true" => new LiteralArgument(JsonValue.Create(true)),
            "false" => new LiteralArgument(JsonValue.Create(false)),
            "null" => new LiteralArgument(null),
            _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _) =>
                new LiteralArgument(JsonNode.Parse(token)),
            _ => throw new FormatException($"unexpected argument '{token}'"),
        };
    }

    private static LiteralArgument ParseString(string text, ref int i)
    {
        var start = ++i;
        var value = new StringBuilder();
        while (i < text.Length && text[i] != '\'')
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            value.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw new FormatException("unterminated string literal");
        }

        var raw = text[start..i++];
        return new LiteralArgument(JsonValue.Create(value.ToString()), raw);
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}
