using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public static partial class Intrinsics
{
    private static Dictionary<string, Function> CollectionFunctions() => new(StringComparer.Ordinal)
    {
        ["States.ArrayPartition"] = (_, args, _) => Partition(Array(args, 0), (int)Number(args, 1)),
        ["States.ArrayRange"] = (_, args, _) => Range(Number(args, 0), Number(args, 1), Number(args, 2)),
        ["States.ArrayUnique"] = (_, args, _) => Unique(Array(args, 0)),
        ["States.JsonMerge"] = (_, args, _) => Merge(Arg(args, 0), Arg(args, 1), Arg(args, 2)),
        ["States.Hash"] = (_, args, _) => JsonValue.Create(Hash(String(args, 0), String(args, 1))),
    };

    private static JsonArray Partition(JsonArray array, int size)
    {
        if (size < 1)
        {
            throw new ArgumentException("the chunk size must be at least 1");
        }

        return new JsonArray([.. array.Chunk(size).Select(chunk => (JsonNode)new JsonArray([.. chunk.Select(item => item?.DeepClone())]))]);
    }

    private static JsonArray Range(double start, double end, double step)
    {
        if (step == 0 || Math.Abs((end - start) / step) > 1000)
        {
            throw new ArgumentException("a range has a non-zero step and at most 1000 items");
        }

        var items = new JsonArray();
        for (var value = start; step > 0 ? value <= end : value >= end; value += step)
        {
            items.Add(JsonValue.Create(value));
        }

        return items;
    }

    private static JsonArray Unique(JsonArray array)
    {
        var unique = new JsonArray();
        foreach (var item in array.Where(item => !unique.Any(seen => JsonNode.DeepEquals(seen, item))))
        {
            unique.Add(item?.DeepClone());
        }

        return unique;
    }

    private const string ShallowMergeOnly = "States.JsonMerge merges only shallowly: its third argument must be false";

    /// <summary>
    /// A shallow merge: the right side wins. The spec also defines a deep merge (third argument
    /// true), but Step Functions, and so Joy, supports only the shallow one, so true fails rather
    /// than quietly merging shallowly.
    /// </summary>
    private static JsonObject Merge(JsonNode? left, JsonNode? right, JsonNode? deep)
    {
        if (!JsonValues.TryBoolean(deep, out var isDeep) || isDeep)
        {
            throw new ArgumentException(ShallowMergeOnly);
        }

        if (left is not JsonObject a || right is not JsonObject b)
        {
            throw new ArgumentException("both arguments must be objects");
        }

        var merged = (JsonObject)a.DeepClone();
        foreach (var (key, value) in b)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>A call that fails whatever its input (a deep JsonMerge), so validation lists it before it runs.</summary>
    private static string? RefusedAsWritten(IntrinsicCall call)
    {
        var deep = call.Arguments.ElementAtOrDefault(2);
        var shallowOrNotYetKnown = deep is PathArgument or IntrinsicCall
            || deep is LiteralArgument { Value: var value } && JsonValues.TryBoolean(value, out var isDeep) && !isDeep;
        if (call.Name == "States.JsonMerge" && !shallowOrNotYetKnown)
        {
            return ShallowMergeOnly;
        }

        return call.Arguments.OfType<IntrinsicCall>().Select(RefusedAsWritten).FirstOrDefault(refusal => refusal is not null);
    }

    private static string Hash(string data, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        var hash = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw new ArgumentException($"unknown hash algorithm '{algorithm}'"),
        };
        return Convert.ToHexStringLower(hash);
    }
}
