namespace Joy.Application.Blobs;

/// <summary>
/// Content-addressed blob storage: the id is the lowercase hex SHA-256 of the bytes, the same
/// content is stored once, and bytes stream in and out in chunks, never whole in memory.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to its end into the store. Throws
    /// <see cref="BlobTooLargeException"/> (nothing stored) when it passes the configured limit.
    /// </summary>
    Task<BlobPutResult> PutAsync(Stream content, BlobMetadata? metadata = null, CancellationToken cancellationToken = default);

    Task<BlobInfo?> GetInfoAsync(string id, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// A seekable stream over the blob (or over <paramref name="range"/> of it, clipped to its end);
    /// it fetches chunks lazily as it is read. Throws <see cref="BlobNotFoundException"/>.
    /// </summary>
    Task<Stream> OpenReadAsync(string id, ByteRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Blobs ordered by id, <paramref name="limit"/> at a time, starting after <paramref name="after"/>.</summary>
    Task<BlobPage> ListAsync(int limit, string? after = null, CancellationToken cancellationToken = default);
}
