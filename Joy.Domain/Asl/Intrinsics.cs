using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>ASL intrinsic functions (<c>States.Format(...)</c> and friends) used in <c>.$</c> values.</summary>
public static partial class Intrinsics
{
    private delegate JsonNode? Function(IReadOnlyList<IntrinsicArgument> raw, IReadOnlyList<JsonNode?> args, AslScope scope);

    // Built from methods, not from fields of the other partial file, whose initialisation order is not defined.
    private static readonly Dictionary<string, Function> Functions = CoreFunctions()
        .Concat(CollectionFunctions())
        .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    private static Dictionary<string, Function> CoreFunctions() => new(StringComparer.Ordinal)
    {
        ["States.Format"] = Format,
        ["States.Array"] = (_, args, _) => new JsonArray([.. args.Select(a => a?.DeepClone())]),
        ["States.StringToJson"] = (_, args, _) => ParseJson(String(args, 0)),
        ["States.JsonToString"] = (_, args, _) => JsonValue.Create(JsonText.Of(Arg(args, 0))),
        ["States.ArrayLength"] = (_, args, _) => JsonValue.Create(Array(args, 0).Count),
        ["States.ArrayGetItem"] = (_, args, _) => ArrayGetItem(args),
        ["States.ArrayContains"] = (_, args, _) =>
            JsonValue.Create(Array(args, 0).Any(item => JsonNode.DeepEquals(item, Arg(args, 1)))),
        ["States.MathAdd"] = (_, args, _) => JsonValue.Create(Number(args, 0) + Number(args, 1)),
        ["States.StringSplit"] = (_, args, _) => new JsonArray([.. String(args, 0)
            .Split([.. String(args, 1)], StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)JsonValue.Create(s))]),
        ["States.Base64Encode"] = (_, args, _) => JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(String(args, 0)))),
        ["States.Base64Decode"] = (_, args, _) => JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(String(args, 0)))),
        ["States.UUID"] = (_, _, scope) => JsonValue.Create(scope.NextUuid()),
    };

    /// <summary>Evaluates <paramref name="text"/>; any failure is <c>States.IntrinsicFailure</c>.</summary>
    public static JsonNode? Evaluate(string text, AslScope scope)
    {
        if (!TryParse(text, out var call, out var error))
        {
            throw new AslRuntimeException(AslErrors.IntrinsicFailure, $"'{text}': {error}");
        }

        return Evaluate(call, scope);
    }

    private static JsonNode? Evaluate(IntrinsicCall call, AslScope scope)
    {
        var args = call.Arguments.Select(argument => argument switch
        {
            LiteralArgument literal => literal.Value?.DeepClone(),
            PathArgument path => JsonPath.Select(path.Path, scope.Input, scope.Context, AslErrors.IntrinsicFailure),
            IntrinsicCall nested => Evaluate(nested, scope),
            _ => throw new InvalidOperationException($"Unknown argument {argument}"),
        }).ToList();
        try
        {
            return Functions[call.Name](call.Arguments, args, scope);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException
            or ArgumentException or KeyNotFoundException)
        {
            throw new AslRuntimeException(AslErrors.IntrinsicFailure, $"{call.Name}: {e.Message}");
        }
    }

    private static JsonNode? Format(IReadOnlyList<IntrinsicArgument> raw, IReadOnlyList<JsonNode?> args, AslScope scope)
    {
        // The template's own escapes (\{ \}) must survive parsing, so a literal template uses its raw text.
        var template = raw.Count > 0 && raw[0] is LiteralArgument { Raw: { } text } ? text : String(args, 0);
        var output = new StringBuilder();
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '\\' && i + 1 < template.Length)
            {
                output.Append(template[++i]);
            }
            else if (template[i] == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                var value = next < args.Count ? args[next++] : throw new ArgumentException("more {} than arguments");
                output.Append(JsonValues.TryString(value, out var s) ? s : value?.ToJsonString() ?? "null");
                i++;
            }
            else
            {
                output.Append(template[i]);
            }
        }

        return next == args.Count ? JsonValue.Create(output.ToString()) : throw new ArgumentException("more arguments than {}");
    }

    private static JsonNode? ArrayGetItem(IReadOnlyList<JsonNode?> args)
    {
        var array = Array(args, 0);
        var index = (int)Number(args, 1);
        return index >= 0 && index < array.Count ? array[index]?.DeepClone() : throw new ArgumentException($"index {index} out of range");
    }

    private static JsonNode? ParseJson(string text) => JsonNode.Parse(text);

    private static JsonNode? Arg(IReadOnlyList<JsonNode?> args, int i) =>
        i < args.Count ? args[i] : throw new ArgumentException($"argument {i + 1} is missing");

    private static string String(IReadOnlyList<JsonNode?> args, int i) =>
        JsonValues.TryString(Arg(args, i), out var s) ? s : throw new ArgumentException($"argument {i + 1} must be a string");

    private static double Number(IReadOnlyList<JsonNode?> args, int i) =>
        JsonValues.TryNumber(Arg(args, i), out var n) ? n : throw new ArgumentException($"argument {i + 1} must be a number");

    private static JsonArray Array(IReadOnlyList<JsonNode?> args, int i) =>
        Arg(args, i) as JsonArray ?? throw new ArgumentException($"argument {i + 1} must be an array");
}
