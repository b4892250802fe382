using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public sealed partial class AslParser
{
    private T WithWorkFields<T>(T state, JsonObject obj, string pointer, bool parametersAllowed = true)
        where T : WorkState => state with
        {
            Parameters = parametersAllowed ? Template(obj, "Parameters", pointer) : null,
            ResultSelector = Template(obj, "ResultSelector", pointer),
            ResultPath = PathField(obj, "ResultPath", pointer, writable: true),
            Retry = ParseClauses(obj, "Retry", pointer, ParseRetrier),
            Catch = ParseClauses(obj, "Catch", pointer, ParseCatcher),
        };

    private List<TClause> ParseClauses<TClause>(JsonObject obj, string name, string pointer,
        Func<JsonObject, string, IReadOnlyList<string>, TClause> parse)
    {
        var clauses = new List<TClause>();
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return clauses;
        }

        if (node is not JsonArray array)
        {
            Problem(Pointer(pointer, name), $"{name} must be an array.");
            return clauses;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var clausePointer = Pointer(pointer, name) + "/" + i;
            if (array[i] is not JsonObject clause)
            {
                Problem(clausePointer, $"Each {name} entry must be an object.");
                continue;
            }

            var errors = ErrorEquals(clause, clausePointer, last: i == array.Count - 1);
            clauses.Add(parse(clause, clausePointer, errors));
        }

        return clauses;
    }

    /// <summary>ErrorEquals: non-empty strings; States.ALL only alone and in the last clause.</summary>
    private List<string> ErrorEquals(JsonObject clause, string pointer, bool last)
    {
        var member = Pointer(pointer, "ErrorEquals");
        if (clause["ErrorEquals"] is not JsonArray array || array.Count == 0
            || array.Any(e => !JsonValues.TryString(e, out var s) || s.Length == 0))
        {
            Problem(member, "ErrorEquals must be a non-empty array of error names.");
            return [];
        }

        var errors = array.Select(e => e!.GetValue<string>()).ToList();
        if (errors.Contains(AslErrors.All) && errors.Count > 1)
        {
            Problem(member, "States.ALL must appear alone in ErrorEquals.");
        }

        if (errors.Contains(AslErrors.All) && !last)
        {
            Problem(member, "States.ALL must be in the last clause.");
        }

        return errors;
    }

    private Retrier ParseRetrier(JsonObject clause, string pointer, IReadOnlyList<string> errors) => new(
        errors,
        Number(clause, "IntervalSeconds", pointer, 0, exclusive: true) ?? 1,
        Integer(clause, "MaxAttempts", pointer, minimum: 0) ?? 3,
        Number(clause, "BackoffRate", pointer, 1) ?? 2.0,
        Number(clause, "MaxDelaySeconds", pointer, 0, exclusive: true));

    private Catcher ParseCatcher(JsonObject clause, string pointer, IReadOnlyList<string> errors) => new(
        errors,
        String(clause, "Next", pointer, required: true) ?? "",
        PathField(clause, "ResultPath", pointer, writable: true));
}
