namespace Joy.Application.Blobs;

/// <summary>The content grew past <c>Joy:Blobs:MaxSizeBytes</c> while it was streamed in; nothing was stored.</summary>
public sealed class BlobTooLargeException(long maxSizeBytes)
    : Exception($"The blob is larger than the limit of {maxSizeBytes} bytes.")
{
    public long MaxSizeBytes { get; } = maxSizeBytes;
}

/// <summary>
/// The upload ran longer than <c>Joy:Blobs:StagedUploadMaxAge</c> and its staged chunks were collected
/// as abandoned; nothing was stored. The client can send it again.
/// </summary>
public sealed class BlobUploadExpiredException(TimeSpan maxAge, Exception? inner = null)
    : Exception($"The upload took longer than {maxAge} and was discarded as abandoned; nothing was stored.", inner)
{
    public TimeSpan MaxAge { get; } = maxAge;
}

public sealed class BlobNotFoundException(string id) : Exception($"Blob {id} does not exist.")
{
    public string Id { get; } = id;
}

public sealed class InvalidBlobIdException(string? id) : Exception($"'{id}' is not a blob id: {BlobId.FormatDescription}.")
{
    public string? Id { get; } = id;
}

/// <summary>The stored chunks do not add up to the blob's recorded size: the database was altered by hand.</summary>
public sealed class BlobCorruptException(string id, string problem) : Exception($"Blob {id} is corrupt: {problem}.")
{
    public string Id { get; } = id;
}
