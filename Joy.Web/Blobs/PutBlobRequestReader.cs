using System.Text.Json;

namespace Joy.Web.Blobs;

/// <summary>
/// Reads the JSON upload form by hand rather than through model binding, so that every problem
/// (malformed JSON, each field of the wrong type, unknown fields, a missing body) is reported at
/// once, in the client's field names, without the serializer's CLR type names.
/// </summary>
internal static class PutBlobRequestReader
{
    public sealed record Parsed(PutBlobRequest? Request, Dictionary<string, string[]>? Errors);

    public static async Task<Parsed> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new BadHttpRequestException(
                $"The JSON upload is larger than {maxBytes} bytes; stream large files as application/octet-stream.",
                StatusCodes.Status413PayloadTooLarge);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" at line {line + 1}, byte {exception.BytePositionInLine + 1}" : "";
            return Fail("$", $"The request body is not valid JSON{where}.");
        }

        using (document)
        {
            return Validate(document.RootElement);
        }
    }

    private static Parsed Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("$", "The request body must be a JSON object.");
        }

        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        byte[]? body = null;
        string? remark = null;
        long? timeStamp = null;
        bool? isCompressed = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name.ToLowerInvariant())
            {
                case "body" when value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out var bytes):
                    body = bytes;
                    break;
                case "body":
                    Add("body", "Must be a base64 string.");
                    break;
                case "remark" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    remark = value.ValueKind == JsonValueKind.Null ? null : value.GetString();
                    break;
                case "remark":
                    Add("remark", "Must be a string or null.");
                    break;
                case "timestamp" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var stamp):
                    timeStamp = stamp;
                    break;
                case "timestamp" when value.ValueKind == JsonValueKind.Null:
                    break;
                case "timestamp":
                    Add("timeStamp", "Must be an integer (unix time) or null.");
                    break;
                case "iscompressed" when value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                    isCompressed = value.ValueKind == JsonValueKind.Null ? null : value.GetBoolean();
                    break;
                case "iscompressed":
                    Add("isCompressed", "Must be true, false or null.");
                    break;
                default:
                    Add(property.Name, "Unknown field; the fields are body, remark, timeStamp and isCompressed.");
                    break;
            }
        }

        if (body is null && !errors.ContainsKey("body"))
        {
            Add("body", "Required: the content as a base64 string.");
        }

        return errors.Count > 0
            ? new Parsed(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
            : new Parsed(new PutBlobRequest(body!, remark, timeStamp, isCompressed), null);
    }

    private static Parsed Fail(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}
