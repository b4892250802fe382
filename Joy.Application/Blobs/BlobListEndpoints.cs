using Joy.Application.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Joy.Application.Blobs;

public sealed record BlobListItem(string Id, long Size, string? Remark, long? TimeStamp, DateTimeOffset CreatedAt);

/// <param name="Next">Pass as <c>after</c> to get the next page; null on the last page.</param>
public sealed record BlobListResponse(IReadOnlyList<BlobListItem> Items, string? Next);

/// <summary><c>GET /api/v1/Blob/All</c>: blobs without their bytes, keyset paged by id.</summary>
[Tags("Blob")]
public static class BlobListEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    [WolverineGet("/api/v1/Blob/All", OperationId = "ListBlobs"), RequiresRole(Role.Reader)]
    [EndpointSummary("Blobs ordered by id, without their bytes; keyset paged: pass the previous page's next as after")]
    [EndpointDescription("At most limit blobs (1-1000, default 100) after the id after; next is null on the last page.")]
    public static async Task<Results<Ok<BlobListResponse>, ValidationProblem>> List(
        IBlobStore store, CancellationToken cancellationToken, int? limit = null, string? after = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Must be between 1 and {MaxPageSize}."];
        }

        if (after is not null && !BlobId.IsValid(after))
        {
            errors["after"] = [$"{BlobId.FormatDescription}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await store.ListAsync(limit ?? DefaultPageSize, after, cancellationToken);
        var items = page.Items.Select(b => new BlobListItem(b.Id, b.Size, b.Remark, b.TimeStamp, b.CreatedAt)).ToList();
        return TypedResults.Ok(new BlobListResponse(items, page.Next));
    }
}
