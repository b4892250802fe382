using System.Text;

namespace Joy.Domain.Asl;

/// <summary>One step of a reference path: an object member or an array index.</summary>
public abstract record PathSegment;

public sealed record FieldSegment(string Name) : PathSegment;

public sealed record IndexSegment(int Index) : PathSegment;

/// <summary>
/// A parsed ASL reference path: <c>$</c> (the input) or <c>$$</c> (the context object) followed by
/// <c>.name</c>, <c>[0]</c> or bracket keys <c>['Main.out']</c>. No wildcards or filters: a
/// reference path names exactly one node, as the spec requires.
/// </summary>
public sealed record ReferencePath(string Text, bool IsContext, IReadOnlyList<PathSegment> Segments)
{
    public static ReferencePath Parse(string text) =>
        TryParse(text, out var path, out var error)
            ? path
            : throw new AslRuntimeException(AslErrors.Runtime, $"Invalid path '{text}': {error}");

    public static bool TryParse(string text, out ReferencePath path, out string error)
    {
        path = null!;
        error = "";
        if (!text.StartsWith('$'))
        {
            error = "a path starts with '$' or '$$'";
            return false;
        }

        var context = text.StartsWith("$$", StringComparison.Ordinal);
        var i = context ? 2 : 1;
        var segments = new List<PathSegment>();
        while (i < text.Length)
        {
            if (!TryParseSegment(text, ref i, segments, out error))
            {
                return false;
            }
        }

        path = new ReferencePath(text, context, segments);
        return true;
    }

    private static bool TryParseSegment(string text, ref int i, List<PathSegment> segments, out string error)
    {
        error = "";
        if (text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && text[i] != '.' && text[i] != '[')
            {
                i++;
            }

            if (i == start)
            {
                error = $"empty member name at {start}";
                return false;
            }

            segments.Add(new FieldSegment(text[start..i]));
            return true;
        }

        if (text[i] != '[' || i + 1 >= text.Length)
        {
            error = $"unexpected '{text[i]}' at {i}";
            return false;
        }

        i++;
        return text[i] is '\'' or '"'
            ? TryParseQuoted(text, ref i, segments, out error)
            : TryParseIndex(text, ref i, segments, out error);
    }

    private static bool TryParseQuoted(string text, ref int i, List<PathSegment> segments, out string error)
    {
        var quote = text[i++];
        var name = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            name.Append(text[i++]);
        }

        if (i + 1 >= text.Length || text[i + 1] != ']')
        {
            error = "unterminated bracket key";
            return false;
        }

        i += 2;
        segments.Add(new FieldSegment(name.ToString()));
        error = "";
        return true;
    }

    private static bool TryParseIndex(string text, ref int i, List<PathSegment> segments, out string error)
    {
        var close = text.IndexOf(']', i);
        if (close < 0 || !int.TryParse(text.AsSpan(i, close - i), out var index) || index < 0
            || !text[i..close].All(char.IsAsciiDigit))
        {
            error = $"expected an array index or a quoted key at {i}";
            return false;
        }

        segments.Add(new IndexSegment(index));
        i = close + 1;
        error = "";
        return true;
    }

    public override string ToString() => Text;
}
