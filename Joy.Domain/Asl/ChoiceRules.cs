using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>A Choice rule (boolean expression). Top-level rules carry the state to go to.</summary>
public abstract record ChoiceRule;

/// <summary>
/// <c>{"Variable": "$.x", "NumericGreaterThan": 3}</c>: <see cref="Operator"/> is the member name
/// (a <c>...Path</c> operator compares with the value another path selects).
/// </summary>
public sealed record ComparisonRule(string Variable, string Operator, JsonNode? Operand) : ChoiceRule;

public sealed record AndRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule;

public sealed record OrRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule;

public sealed record NotRule(ChoiceRule Rule) : ChoiceRule;

public sealed record Choice(ChoiceRule Rule, string Next);

public static partial class ChoiceRules
{
    public static readonly IReadOnlyList<string> Families = ["String", "Numeric", "Timestamp"];
    public static readonly IReadOnlyList<string> Orders = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];
    public static readonly IReadOnlyList<string> TypeTests = ["IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"];

    /// <summary>Every comparison operator name the parser accepts.</summary>
    public static readonly IReadOnlySet<string> Operators = BuildOperators();

    private static HashSet<string> BuildOperators()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "BooleanEquals", "BooleanEqualsPath", "StringMatches" };
        foreach (var family in Families)
        {
            foreach (var order in Orders)
            {
                names.Add(family + order);
                names.Add(family + order + "Path");
            }
        }

        names.UnionWith(TypeTests);
        return names;
    }

    /// <summary>The first choice whose rule holds for <paramref name="scope"/>'s input, or null.</summary>
    public static string? FirstMatch(IEnumerable<Choice> choices, AslScope scope) =>
        choices.FirstOrDefault(choice => Evaluate(choice.Rule, scope))?.Next;

    public static bool Evaluate(ChoiceRule rule, AslScope scope) => rule switch
    {
        AndRule and => and.Rules.All(r => Evaluate(r, scope)),
        OrRule or => or.Rules.Any(r => Evaluate(r, scope)),
        NotRule not => !Evaluate(not.Rule, scope),
        ComparisonRule comparison => Compare(comparison, scope),
        _ => throw new InvalidOperationException($"Unknown rule {rule}"),
    };

    private static bool Compare(ComparisonRule rule, AslScope scope)
    {
        var present = JsonPath.TrySelect(ReferencePath.Parse(rule.Variable), scope.Input, scope.Context, out var value);
        if (rule.Operator == "IsPresent")
        {
            return present == IsTrue(rule.Operand);
        }

        if (TypeTests.Contains(rule.Operator))
        {
            return present && TypeTest(rule.Operator, value) == IsTrue(rule.Operand);
        }

        if (!present)
        {
            throw new AslRuntimeException(AslErrors.Runtime, $"Invalid path '{rule.Variable}': the choice rule's variable is not in the input.");
        }

        var op = rule.Operator;
        var operand = rule.Operand;
        if (op.EndsWith("Path", StringComparison.Ordinal))
        {
            op = op[..^4];
            var operandPath = JsonValues.StringOrNull(operand) ?? "";
            operand = JsonPath.Select(operandPath, scope.Input, scope.Context);
        }

        return Matches(op, value, operand);
    }

    private static bool TypeTest(string op, JsonNode? value) => op switch
    {
        "IsNull" => value is null,
        "IsNumeric" => JsonValues.TryNumber(value, out _),
        "IsString" => JsonValues.TryString(value, out _),
        "IsBoolean" => JsonValues.TryBoolean(value, out _),
        "IsTimestamp" => JsonValues.TryTimestamp(value, out _),
        _ => false,
    };

    private static bool IsTrue(JsonNode? node) => JsonValues.TryBoolean(node, out var b) && b;
}
