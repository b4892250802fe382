using Joy.Application.Blobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Joy.Web.Blobs;

/// <summary>
/// <c>/api/v1/Blob</c>: content-addressed files, the original service's routes. Split by concern:
/// upload (Put) and download (Get); the listing is a Wolverine.Http endpoint
/// (Joy.Application.Blobs.BlobListEndpoints).
/// </summary>
public static partial class BlobEndpoints
{
    public const string OctetStream = "application/octet-stream";
    public const string RemarkHeader = "X-Joy-Remark";

    public static IEndpointRouteBuilder MapBlobs(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/Blob").WithTags("Blob");
        MapPut(group);
        MapGet(group);
        return endpoints;
    }

    private static ValidationProblem InvalidId(string name = "id") =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [$"{BlobId.FormatDescription}."] });

    private static ProblemHttpResult BlobNotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Blob not found", detail: $"There is no blob {id}.");

    private static OpenApiSchema BinarySchema() => new() { Type = JsonSchemaType.String, Format = "binary" };

    /// <summary>
    /// Kestrel's default request limit (30 MB) would cut streamed uploads short; each upload form
    /// raises or lowers it to its own limit before the body is read.
    /// </summary>
    private static void LimitRequestBody(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }
}
