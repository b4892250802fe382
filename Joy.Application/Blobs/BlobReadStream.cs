using System.Buffers;
using System.Data;
using Npgsql;

namespace Joy.Application.Blobs;

/// <summary>
/// A read-only, seekable view of a stored blob (or a range of it). Chunks are fetched lazily,
/// <see cref="Layout.ChunksPerQuery"/> per query on a pooled connection, and streamed out of the
/// row with sequential access, so the stream holds at most one buffer, never a whole chunk, and no
/// connection between batches.
/// </summary>
internal sealed class BlobReadStream(NpgsqlDataSource dataSource, BlobReadStream.Layout layout, long offset, long length) : Stream
{
    internal sealed record Layout(string Id, Guid UploadId, int ChunkSize, int ChunkCount, int ChunksPerQuery);

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

    private async Task<Stream> OpenNextChunkAsync(CancellationToken cancellationToken)
    {
        if (_reader is null || !await _reader.ReadAsync(cancellationToken))
        {
            await CloseBatchAsync();
            if (_nextChunk >= layout.ChunkCount)
            {
                throw new BlobCorruptException(layout.Id, $"its chunks end before its recorded size");
            }

            _connection = await dataSource.OpenConnectionAsync(cancellationToken);
            _command = new NpgsqlCommand(BlobSql.SelectChunks, _connection);
            _command.Parameters.Add(new NpgsqlParameter { Value = layout.UploadId });
            _command.Parameters.Add(new NpgsqlParameter { Value = _nextChunk });
            _command.Parameters.Add(new NpgsqlParameter { Value = Math.Min(_nextChunk + layout.ChunksPerQuery, layout.ChunkCount) });
            _reader = await _command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await _reader.ReadAsync(cancellationToken))
            {
                throw new BlobCorruptException(layout.Id, $"chunk {_nextChunk} is missing");
            }
        }

        _nextChunk++;
        var chunk = await _reader.GetStreamAsync(0, cancellationToken);
        await SkipAsync(chunk, _skipInNextChunk, cancellationToken);
        _skipInNextChunk = 0;
        return chunk;
    }

    // Sequential access cannot seek inside a column; a range starting mid-chunk discards the head.
    private static async Task SkipAsync(Stream chunk, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(Math.Min(count, 81920));
        try
        {
            while (count > 0)
            {
                var read = await chunk.ReadAsync(scratch.AsMemory(0, Math.Min(count, scratch.Length)), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async ValueTask CloseBatchAsync()
    {
        if (_chunk is not null)
        {
            await _chunk.DisposeAsync();
        }

        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        if (_command is not null)
        {
            await _command.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        (_chunk, _reader, _command, _connection) = (null, null, null, null);
    }

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
