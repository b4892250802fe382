using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>
/// Parameters, ResultSelector and ItemSelector: a JSON template whose <c>"key.$"</c> members are
/// replaced by the value of a path (<c>$</c> input, <c>$$</c> context) or an intrinsic call.
/// </summary>
public static class PayloadTemplate
{
    public static JsonNode? Apply(JsonNode? template, AslScope scope) => template switch
    {
        JsonObject obj => ApplyObject(obj, scope),
        JsonArray array => new JsonArray([.. array.Select(item => Apply(item, scope))]),
        _ => template?.DeepClone(),
    };

    private static JsonObject ApplyObject(JsonObject template, AslScope scope)
    {
        var result = new JsonObject();
        foreach (var (key, value) in template)
        {
            if (key.EndsWith(".$", StringComparison.Ordinal))
            {
                var expression = JsonValues.StringOrNull(value)
                    ?? throw new AslRuntimeException(AslErrors.ParameterPathFailure, $"The value of '{key}' must be a path or an intrinsic.");
                result[key[..^2]] = Evaluate(expression, scope);
            }
            else
            {
                result[key] = Apply(value, scope);
            }
        }

        return result;
    }

    public static JsonNode? Evaluate(string expression, AslScope scope) =>
        Intrinsics.IsIntrinsic(expression)
            ? Intrinsics.Evaluate(expression, scope)
            : JsonPath.Select(expression, scope.Input, scope.Context, AslErrors.ParameterPathFailure);

    /// <summary>Whether a <c>.$</c> value is a valid path or intrinsic (for validation), with the reason if not.</summary>
    public static string? ProblemWith(string expression) =>
        Intrinsics.IsIntrinsic(expression)
            ? Intrinsics.TryParse(expression, out _, out var error) ? null : error
            : ReferencePath.TryParse(expression, out _, out var pathError) ? null : pathError;
}
