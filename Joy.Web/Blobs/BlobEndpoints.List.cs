using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Blobs;

public static partial class BlobEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    private static void MapList(RouteGroupBuilder group) =>
        group.MapGet("/All", ListAsync)
            .WithName("ListBlobs")
            .WithSummary("Blobs ordered by id, without their bytes; keyset paged: pass the previous page's next as after")
            .RequireRole(Role.Reader);

    private static async Task<Results<Ok<BlobListResponse>, ValidationProblem>> ListAsync(
        IBlobStore store, int? limit, string? after, CancellationToken cancellationToken)
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
