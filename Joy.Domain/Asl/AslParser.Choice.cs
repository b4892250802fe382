using System.Text.Json;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public sealed partial class AslParser
{
    private ChoiceState ParseChoice(string name, JsonObject obj, string pointer)
    {
        var choices = new List<Choice>();
        if (obj["Choices"] is not JsonArray array || array.Count == 0)
        {
            Problem(Pointer(pointer, "Choices"), "A Choice state needs Choices: an array of at least one rule.");
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var rulePointer = Pointer(pointer, "Choices") + "/" + i;
                var rule = ParseRule(array[i], rulePointer);
                var next = array[i] is JsonObject ruleObj ? String(ruleObj, "Next", rulePointer, required: true) : null;
                if (rule is not null && next is not null)
                {
                    choices.Add(new Choice(rule, next));
                }
            }
        }

        return new ChoiceState { Name = name, Choices = choices, Default = String(obj, "Default", pointer) };
    }

    private ChoiceRule? ParseRule(JsonNode? node, string pointer)
    {
        if (node is not JsonObject obj)
        {
            Problem(pointer, "A choice rule must be an object.");
            return null;
        }

        if (obj.ContainsKey("And") || obj.ContainsKey("Or"))
        {
            var op = obj.ContainsKey("And") ? "And" : "Or";
            if (obj[op] is not JsonArray rules || rules.Count == 0)
            {
                Problem(Pointer(pointer, op), $"{op} must be a non-empty array of rules.");
                return null;
            }

            var parsed = rules.Select((r, i) => ParseRule(r, Pointer(pointer, op) + "/" + i)).ToList();
            return parsed.Any(r => r is null) ? null
                : op == "And" ? new AndRule(parsed!) : new OrRule(parsed!);
        }

        if (obj.ContainsKey("Not"))
        {
            return ParseRule(obj["Not"], Pointer(pointer, "Not")) is { } inner ? new NotRule(inner) : null;
        }

        return ParseComparison(obj, pointer);
    }

    private ComparisonRule? ParseComparison(JsonObject obj, string pointer)
    {
        var variable = String(obj, "Variable", pointer, required: true);
        if (variable is not null && !ReferencePath.TryParse(variable, out _, out _))
        {
            Problem(Pointer(pointer, "Variable"), $"Variable '{variable}' is not a valid reference path.");
        }

        var operators = obj.Select(pair => pair.Key).Where(ChoiceRules.Operators.Contains).ToList();
        if (operators.Count != 1)
        {
            Problem(pointer, "A choice rule needs exactly one comparison operator (StringEquals, NumericLessThan, IsPresent, ...).");
            return null;
        }

        var op = operators[0];
        var operand = obj[op];
        if (OperandProblem(op, operand) is { } problem)
        {
            Problem(Pointer(pointer, op), problem);
        }

        return variable is null ? null : new ComparisonRule(variable, op, operand?.DeepClone());
    }

    private static string? OperandProblem(string op, JsonNode? operand) => op switch
    {
        _ when op.EndsWith("Path", StringComparison.Ordinal) =>
            JsonValues.TryString(operand, out var p) && ReferencePath.TryParse(p, out _, out _) ? null : $"{op} needs a reference path.",
        _ when ChoiceRules.TypeTests.Contains(op) || op == "BooleanEquals" =>
            JsonValues.TryBoolean(operand, out _) ? null : $"{op} needs true or false.",
        _ when op.StartsWith("Numeric", StringComparison.Ordinal) =>
            JsonValues.Kind(operand) == JsonValueKind.Number ? null : $"{op} needs a number.",
        _ when op.StartsWith("Timestamp", StringComparison.Ordinal) =>
            JsonValues.TryTimestamp(operand, out _) ? null : $"{op} needs {JsonValues.TimestampForm}.",
        _ => JsonValues.TryString(operand, out _) ? null : $"{op} needs a string.",
    };
}
