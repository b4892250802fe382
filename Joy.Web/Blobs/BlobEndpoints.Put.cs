using System.IO.Compression;
using Joy.Application.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Joy.Web.Blobs;

public static partial class BlobEndpoints
{
    private static void MapPut(RouteGroupBuilder group) =>
        group.MapPut("/", PutAsync)
            .WithName("PutBlob")
            .WithSummary("Upload a blob: the original JSON form, or the raw bytes streamed as application/octet-stream")
            .WithDescription(
                "JSON: {\"body\": base64, \"remark\", \"timeStamp\", \"isCompressed\"} (isCompressed: body is gzip; the id is " +
                "the SHA-256 of the decompressed bytes). Raw: the request body is the content (Content-Encoding: gzip " +
                "is decompressed the same way); remark from ?remark= or the X-Joy-Remark header. 201 when new, 200 " +
                "when the same content was already stored (its first remark is kept).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var json = await context.GetOrCreateSchemaAsync(typeof(PutBlobRequest), null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = json },
                        [OctetStream] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                };
            });

    private static async Task<Results<Created<PutBlobResponse>, Ok<PutBlobResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpContext context,
        IBlobStore store,
        IOptions<BlobOptions> options,
        [FromQuery] string? remark,
        [FromHeader(Name = RemarkHeader)] string? remarkHeader,
        [FromQuery] long? timeStamp,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType);
        BlobPutResult result;
        if (mediaType?.MatchesMediaType("application/json") == true || mediaType?.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            LimitRequestBody(context, options.Value.MaxJsonRequestBytes);
            var parsed = await PutBlobRequestReader.ReadAsync(request, options.Value.MaxJsonRequestBytes, cancellationToken);
            if (parsed.Errors is { } errors)
            {
                return TypedResults.ValidationProblem(errors);
            }

            var upload = parsed.Request!;
            await using var body = new MemoryStream(upload.Body, writable: false);
            await using var gzip = upload.IsCompressed == true ? new GZipStream(body, CompressionMode.Decompress) : null;
            var stored = await PutDecodingAsync(store, gzip ?? (Stream)body, new BlobMetadata(upload.Remark, upload.TimeStamp), "body", cancellationToken);
            if (stored.Errors is not null)
            {
                return TypedResults.ValidationProblem(stored.Errors);
            }

            result = stored.Result!;
        }
        else if (mediaType?.MatchesMediaType(OctetStream) == true)
        {
            LimitRequestBody(context, options.Value.MaxSizeBytes);
            var encoding = request.Headers.ContentEncoding.ToString();
            if (encoding is not ("" or "identity" or "gzip"))
            {
                return UnsupportedMediaType($"Content-Encoding '{encoding}' is not supported; send identity or gzip.");
            }

            await using var gzip = encoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
            var metadata = new BlobMetadata(remark ?? remarkHeader, timeStamp);
            var stored = await PutDecodingAsync(store, gzip ?? request.Body, metadata, "Content-Encoding", cancellationToken);
            if (stored.Errors is not null)
            {
                return TypedResults.ValidationProblem(stored.Errors);
            }

            result = stored.Result!;
        }
        else
        {
            return UnsupportedMediaType($"Content-Type '{request.ContentType}' is not supported; send application/json or {OctetStream}.");
        }

        var response = new PutBlobResponse(result.Blob.Id);
        return result.Created ? TypedResults.Created($"/api/v1/Blob/{result.Blob.Id}", response) : TypedResults.Ok(response);
    }

    /// <summary>Stores the content; gzip that does not decode is the client's error, named by <paramref name="field"/>.</summary>
    private static async Task<(BlobPutResult? Result, Dictionary<string, string[]>? Errors)> PutDecodingAsync(
        IBlobStore store, Stream content, BlobMetadata metadata, string field, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.PutAsync(content, metadata, cancellationToken), null);
        }
        catch (InvalidDataException) when (content is GZipStream)
        {
            return (null, new Dictionary<string, string[]> { [field] = ["The content is declared gzip but is not valid gzip data."] });
        }
    }

    private static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);
}
