using System.Buffers;
using System.Data;
using Npgsql;

namespace Joy.Application.Blobs;

/// <summary>Fetching chunks: one query per batch of chunks, one pooled connection per query.</summary>
internal sealed partial class BlobReadStream
{
    private async Task<Stream> OpenNextChunkAsync(CancellationToken cancellationToken)
    {
        if (_reader is null || !await _reader.ReadAsync(cancellationToken))
        {
            await CloseBatchAsync();
            if (_nextChunk >= layout.ChunkCount)
            {
                throw new BlobCorruptException(layout.Id, "its chunks end before its recorded size");
            }

            _connection = await dataSource.OpenConnectionAsync(cancellationToken);
            _command = new NpgsqlCommand(layout.SelectChunksSql, _connection);
            _command.Parameters.Add(new NpgsqlParameter { Value = layout.UploadId });
            _command.Parameters.Add(new NpgsqlParameter { Value = _nextChunk });
            _command.Parameters.Add(new NpgsqlParameter { Value = Math.Min(_nextChunk + layout.ChunksPerQuery, layout.ChunkCount) });
            _reader = await _command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await _reader.ReadAsync(cancellationToken))
            {
                throw new BlobCorruptException(layout.Id, $"chunk {_nextChunk} is missing");
            }
        }

        // Sequential access: the index column first, then the bytes, in select order.
        if (await _reader.GetFieldValueAsync<int>(0, cancellationToken) != _nextChunk)
        {
            throw new BlobCorruptException(layout.Id, $"chunk {_nextChunk} is missing");
        }

        _nextChunk++;
        var chunk = await _reader.GetStreamAsync(1, cancellationToken);
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
}
