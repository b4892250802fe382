using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Joy.Application.Definitions;

/// <summary>
/// Reads a definition body by hand rather than through model binding, so malformed JSON and every
/// field of the wrong type are reported at once, keyed by JSON pointer, in the client's names.
/// </summary>
internal static partial class DefinitionBody
{
    public sealed record Parsed(JsonObject? Body, Dictionary<string, string[]>? Errors);

    public static async Task<Parsed> ReadAsync(HttpRequest request, Action<JsonObject, bool, Problems> check, bool patch, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false },
                cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" at line {line + 1}, byte {exception.BytePositionInLine + 1}" : "";
            return Fail($"The request body is not valid JSON{where}.");
        }

        if (node is not JsonObject body)
        {
            return Fail("The request body must be a JSON object.");
        }

        var problems = new Problems();
        check(body, patch, problems);
        return problems.Count > 0 ? new Parsed(null, problems.ToDictionary()) : new Parsed(body, null);
    }

    private static Parsed Fail(string message) => new(null, new Dictionary<string, string[]> { [""] = [message] });

    /// <summary>Problems keyed by JSON pointer, several per pointer allowed.</summary>
    public sealed class Problems
    {
        private readonly Dictionary<string, List<string>> _byPointer = new(StringComparer.Ordinal);

        public int Count => _byPointer.Count;

        public void Add(string pointer, string message) =>
            (_byPointer.TryGetValue(pointer, out var list) ? list : _byPointer[pointer] = []).Add(message);

        public Dictionary<string, string[]> ToDictionary() => _byPointer.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
