namespace Joy.Application.Blobs;

/// <summary>What the store knows about one blob; never its bytes.</summary>
/// <param name="TimeStamp">The client's own time stamp as it sent it (the original service's unix time number).</param>
public sealed record BlobInfo(
    string Id,
    long Size,
    string? Remark,
    long? TimeStamp,
    DateTimeOffset CreatedAt);

/// <summary>Descriptive fields stored with new content. A duplicate upload keeps the first upload's.</summary>
public sealed record BlobMetadata(string? Remark = null, long? TimeStamp = null)
{
    public static readonly BlobMetadata None = new();
}

/// <param name="Created">False when the content was already stored (deduplicated).</param>
public sealed record BlobPutResult(BlobInfo Blob, bool Created);

/// <param name="Next">The <c>after</c> value for the next page; null on the last page.</param>
public sealed record BlobPage(IReadOnlyList<BlobInfo> Items, string? Next);

/// <summary>A byte range within a blob: <paramref name="Offset"/> and an optional length (to the end when null).</summary>
public readonly record struct ByteRange(long Offset, long? Length = null);
