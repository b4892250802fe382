using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Joy.Domain.Asl;

public static partial class ChoiceRules
{
    /// <summary>
    /// A comparison between values of the wrong types is false, not an error: a rule like
    /// <c>NumericEquals</c> on a string simply does not match, as in Step Functions.
    /// </summary>
    private static bool Matches(string op, JsonNode? value, JsonNode? operand)
    {
        if (op == "BooleanEquals")
        {
            return JsonValues.TryBoolean(value, out var a) && JsonValues.TryBoolean(operand, out var b) && a == b;
        }

        if (op == "StringMatches")
        {
            return JsonValues.TryString(value, out var text) && JsonValues.TryString(operand, out var pattern)
                && WildcardRegex(pattern).IsMatch(text);
        }

        int? order = op switch
        {
            _ when op.StartsWith("String", StringComparison.Ordinal) =>
                JsonValues.TryString(value, out var a) && JsonValues.TryString(operand, out var b) ? string.CompareOrdinal(a, b) : null,
            _ when op.StartsWith("Numeric", StringComparison.Ordinal) =>
                JsonValues.TryNumber(value, out var a) && JsonValues.TryNumber(operand, out var b) ? a.CompareTo(b) : null,
            _ when op.StartsWith("Timestamp", StringComparison.Ordinal) =>
                JsonValues.TryTimestamp(value, out var a) && JsonValues.TryTimestamp(operand, out var b) ? a.CompareTo(b) : null,
            _ => null,
        };
        if (order is not int c)
        {
            return false;
        }

        return op switch
        {
            _ when op.EndsWith("LessThanEquals", StringComparison.Ordinal) => c <= 0,
            _ when op.EndsWith("GreaterThanEquals", StringComparison.Ordinal) => c >= 0,
            _ when op.EndsWith("LessThan", StringComparison.Ordinal) => c < 0,
            _ when op.EndsWith("GreaterThan", StringComparison.Ordinal) => c > 0,
            _ => c == 0,
        };
    }

    /// <summary>StringMatches: <c>*</c> matches any run of characters; <c>\*</c> and <c>\\</c> are literal.</summary>
    private static Regex WildcardRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(pattern[i] == '*' ? ".*" : Regex.Escape(pattern[i].ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
