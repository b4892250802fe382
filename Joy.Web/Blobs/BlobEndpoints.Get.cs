using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Joy.Web.Blobs;

public static partial class BlobEndpoints
{
    private static void MapGet(RouteGroupBuilder group)
    {
        group.MapGet("/{id}", GetAsync)
            .WithName("GetBlob")
            .RequireRole(Role.Reader)
            .WithSummary("Download a blob: the original JSON form, or the raw bytes with Accept: application/octet-stream")
            .WithDescription(
                "Raw bytes are streamed with ETag = the id (If-None-Match -> 304), Accept-Ranges and single byte ranges " +
                "(206 with Content-Range; 416 when unsatisfiable). The JSON form streams the body as base64.")
            .Produces(StatusCodes.Status206PartialContent)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status416RangeNotSatisfiable)
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                // One status, two representations: ApiExplorer keeps only one per status code.
                var json = await context.GetOrCreateSchemaAsync(typeof(BlobResponse), null, cancellationToken);
                operation.Responses!["200"] = new OpenApiResponse
                {
                    Description = "The blob: JSON by default, the raw bytes when Accept prefers application/octet-stream",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = json },
                        [OctetStream] = new() { Schema = BinarySchema() },
                    },
                };
                operation.Responses["206"] = new OpenApiResponse
                {
                    Description = "The requested byte range (raw bytes only)",
                    Content = new Dictionary<string, OpenApiMediaType> { [OctetStream] = new() { Schema = BinarySchema() } },
                };
            });

        group.MapMethods("/{id}", [HttpMethods.Head], HeadAsync)
            .WithName("HeadBlob")
            .RequireRole(Role.Reader)
            .WithSummary("A blob's raw headers (Content-Length, ETag) without its bytes")
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<BlobJsonResult, FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, IBlobStore store, CancellationToken cancellationToken)
    {
        if (!BlobId.IsValid(id))
        {
            return InvalidId();
        }

        var info = await store.GetInfoAsync(id, cancellationToken);
        if (info is null)
        {
            return BlobNotFound(id);
        }

        context.Response.Headers.Vary = HeaderNames.Accept;
        return PrefersRaw(context.Request) ? await RawAsync(info, store, context, cancellationToken) : new BlobJsonResult(info, store);
    }

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> HeadAsync(
        string id, HttpContext context, IBlobStore store, CancellationToken cancellationToken)
    {
        if (!BlobId.IsValid(id))
        {
            return InvalidId();
        }

        var info = await store.GetInfoAsync(id, cancellationToken);
        return info is null ? BlobNotFound(id) : await RawAsync(info, store, context, cancellationToken);
    }

    /// <summary>
    /// The framework's file result does the HTTP part (conditional requests, Range, 206/416, HEAD)
    /// over the store's seekable stream, which only fetches the chunks the range needs.
    /// </summary>
    private static async Task<FileStreamHttpResult> RawAsync(BlobInfo info, IBlobStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(info.Id, cancellationToken: cancellationToken);
        context.Response.RegisterForDisposeAsync(stream);
        return TypedResults.Stream(
            stream,
            OctetStream,
            lastModified: info.CreatedAt,
            entityTag: new EntityTagHeaderValue($"\"{info.Id}\""),
            enableRangeProcessing: true);
    }

    /// <summary>
    /// The JSON form unless the client names application/octet-stream and ranks it above
    /// application/json; wildcards (curl's and browsers' <c>*/*</c>) state no preference.
    /// </summary>
    private static bool PrefersRaw(HttpRequest request)
    {
        double raw = 0, json = 0;
        foreach (var accepted in request.GetTypedHeaders().Accept)
        {
            var quality = accepted.Quality ?? 1;
            if (accepted.MediaType.Equals(OctetStream, StringComparison.OrdinalIgnoreCase))
            {
                raw = Math.Max(raw, quality);
            }
            else if (accepted.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, quality);
            }
        }

        return raw > json;
    }
}
