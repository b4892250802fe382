

namespace Joy.Web.Blobs;

/// <summary>
/// The original service's upload body. <c>body</c> is base64; with <c>isCompressed</c> it is gzip,
/// decompressed on the way in, and the blob id is the SHA-256 of the decompressed bytes.
/// </summary>
/// <param name="TimeStamp">The client's own time stamp (a unix time number), stored as given.</param>
public sealed record PutBlobRequest(byte[] Body, string? Remark = null, long? TimeStamp = null, bool? IsCompressed = null);

public sealed record PutBlobResponse(string Id);

/// <summary>The original service's blob form: metadata and the whole body as base64.</summary>
public sealed record BlobResponse(string Id, long Size, string? Remark, long? TimeStamp, DateTimeOffset CreatedAt, byte[] Body);
