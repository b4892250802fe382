using Npgsql;

namespace Joy.Application.Blobs;

/// <summary>
/// A read-only, seekable view of a stored blob (or a range of it). Chunks are fetched lazily,
/// <see cref="Layout.ChunksPerQuery"/> per query on a pooled connection, and streamed out of the
/// row with sequential access, so the stream holds at most one buffer, never a whole chunk, and no
/// connection between batches.
/// </summary>
internal sealed partial class BlobReadStream(NpgsqlDataSource dataSource, BlobReadStream.Layout layout, long offset, long length) : Stream
{
    internal sealed record Layout(string Id, Guid UploadId, int ChunkSize, int ChunkCount, int ChunksPerQuery, string SelectChunksSql);

    private long _position;
    private bool _repositioned = true;
    private int _nextChunk;
    private int _skipInNextChunk;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _command;
    private NpgsqlDataReader? _reader;
    private Stream? _chunk;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offsetFromOrigin, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offsetFromOrigin,
            SeekOrigin.Current => _position + offsetFromOrigin,
            SeekOrigin.End => length + offsetFromOrigin,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offsetFromOrigin));
        _repositioned |= target != _position;
        _position = target;
        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        if (_repositioned)
        {
            await CloseBatchAsync();
            var absolute = offset + _position;
            _nextChunk = (int)(absolute / layout.ChunkSize);
            _skipInNextChunk = (int)(absolute % layout.ChunkSize);
            _repositioned = false;
        }

        while (true)
        {
            _chunk ??= await OpenNextChunkAsync(cancellationToken);
            var wanted = (int)Math.Min(buffer.Length, length - _position);
            var read = await _chunk.ReadAsync(buffer[..wanted], cancellationToken);
            if (read > 0)
            {
                _position += read;
                return read;
            }

            await _chunk.DisposeAsync();
            _chunk = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offsetInBuffer, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offsetInBuffer, count), cancellationToken).AsTask();

    // Reading is network I/O; a synchronous caller blocks on the asynchronous path rather than
    // this class keeping a second, synchronous copy of the batching logic.
    public override int Read(byte[] buffer, int offsetInBuffer, int count) =>
        ReadAsync(buffer.AsMemory(offsetInBuffer, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        await CloseBatchAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseBatchAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offsetInBuffer, int count) => throw new NotSupportedException();
}
