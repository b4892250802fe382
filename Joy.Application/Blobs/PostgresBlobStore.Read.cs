using Joy.Application.Telemetry;

namespace Joy.Application.Blobs;

internal sealed partial class PostgresBlobStore
{
    public async Task<Stream> OpenReadAsync(string id, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        var blob = await FindAsync(id, cancellationToken) ?? throw new BlobNotFoundException(id);
        var (offset, length) = Clip(range ?? new ByteRange(0), blob.Info.Size);
        JoyTelemetry.BlobBytesOut.Add(length); // as opened: a reader that stops early is counted whole
        var layout = new BlobReadStream.Layout(blob.Info.Id, blob.UploadId, blob.ChunkSize, blob.ChunkCount, _options.ChunksPerQuery, _sql.SelectChunks);
        return new BlobReadStream(dataSource, layout, offset, length);
    }

    private static (long Offset, long Length) Clip(ByteRange range, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(range.Offset, nameof(range));
        ArgumentOutOfRangeException.ThrowIfNegative(range.Length ?? 0, nameof(range));
        var offset = Math.Min(range.Offset, size);
        var length = Math.Min(range.Length ?? long.MaxValue, size - offset);
        return (offset, length);
    }
}
