using Joy.Application.Security;
using Joy.Web.Security;
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
            .RequireRole(Role.Submitter)
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
                        [OctetStream] = new() { Schema = BinarySchema() },
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
        MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType);
        if (mediaType?.MatchesMediaType("application/json") == true || mediaType?.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            return await PutJsonAsync(context, store, options.Value, cancellationToken);
        }

        if (mediaType?.MatchesMediaType(OctetStream) == true)
        {
            return await PutRawAsync(context, store, options.Value, new BlobMetadata(remark ?? remarkHeader, timeStamp), cancellationToken);
        }

        return UnsupportedMediaType($"Content-Type '{context.Request.ContentType}' is not supported; send application/json or {OctetStream}.");
    }

    private static async Task<Results<Created<PutBlobResponse>, Ok<PutBlobResponse>, ValidationProblem, ProblemHttpResult>> PutJsonAsync(
        HttpContext context, IBlobStore store, BlobOptions options, CancellationToken cancellationToken)
    {
        LimitRequestBody(context, options.MaxJsonRequestBytes);
        var parsed = await PutBlobRequestReader.ReadAsync(context.Request, options.MaxJsonRequestBytes, cancellationToken);
        if (parsed.Errors is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var upload = parsed.Request!;
        await using var body = new MemoryStream(upload.Body, writable: false);
        await using var gzip = upload.IsCompressed == true ? new GZipStream(body, CompressionMode.Decompress) : null;
        return await StoreAsync(store, gzip ?? (Stream)body, new BlobMetadata(upload.Remark, upload.TimeStamp), "body", cancellationToken);
    }

    private static async Task<Results<Created<PutBlobResponse>, Ok<PutBlobResponse>, ValidationProblem, ProblemHttpResult>> PutRawAsync(
        HttpContext context, IBlobStore store, BlobOptions options, BlobMetadata metadata, CancellationToken cancellationToken)
    {
        LimitRequestBody(context, options.MaxSizeBytes);
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            return UnsupportedMediaType($"Content-Encoding '{encoding}' is not supported; send identity or gzip.");
        }

        var body = context.Request.Body;
        await using var gzip = encoding == "gzip" ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : null;
        return await StoreAsync(store, gzip ?? body, metadata, "Content-Encoding", cancellationToken);
    }

    /// <summary>201 for new content, 200 for content already stored; gzip that does not decode is named by <paramref name="field"/>.</summary>
    private static async Task<Results<Created<PutBlobResponse>, Ok<PutBlobResponse>, ValidationProblem, ProblemHttpResult>> StoreAsync(
        IBlobStore store, Stream content, BlobMetadata metadata, string field, CancellationToken cancellationToken)
    {
        BlobPutResult result;
        try
        {
            result = await store.PutAsync(content, metadata, cancellationToken);
        }
        catch (InvalidDataException) when (content is GZipStream)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["The content is declared gzip but is not valid gzip data."] });
        }

        var response = new PutBlobResponse(result.Blob.Id);
        return result.Created ? TypedResults.Created($"/api/v1/Blob/{result.Blob.Id}", response) : TypedResults.Ok(response);
    }

    private static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);
}
