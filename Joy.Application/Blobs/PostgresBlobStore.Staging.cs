using System.Buffers;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Blobs;

/// <summary>
/// Staging an upload: a batch of chunks is read from the client with no transaction open, then
/// written by one COPY (its own short transaction) while the next batch is read.
/// </summary>
internal sealed partial class PostgresBlobStore
{
    private sealed class Batch(int chunks, int chunkSize)
    {
        public byte[][] Buffers { get; } = Enumerable.Range(0, chunks).Select(_ => ArrayPool<byte>.Shared.Rent(chunkSize)).ToArray();
        public int[] Lengths { get; } = new int[chunks];
        public int Count { get; set; }
        public int FirstIndex { get; set; }

        public void Return()
        {
            foreach (var buffer in Buffers)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task<(string Id, long Size, int ChunkCount)> StageChunksAsync(Stream content, Guid uploadId, CancellationToken cancellationToken)
    {
        var chunkSize = _options.ChunkSizeBytes;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Batch[] batches = [new(_options.ChunksPerUploadBatch, chunkSize), new(_options.ChunksPerUploadBatch, chunkSize)];
        Task writing = Task.CompletedTask;
        try
        {
            long size = 0;
            var index = 0;
            for (var turn = 0; ; turn++)
            {
                var batch = batches[turn % 2];
                batch.FirstIndex = index;
                batch.Count = 0;
                var ended = false;
                while (batch.Count < batch.Buffers.Length && !ended)
                {
                    var buffer = batch.Buffers[batch.Count];
                    var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken);
                    size += filled;
                    if (size > _options.MaxSizeBytes)
                    {
                        throw new BlobTooLargeException(_options.MaxSizeBytes);
                    }

                    ended = filled < chunkSize;
                    if (filled > 0)
                    {
                        hash.AppendData(buffer, 0, filled);
                        batch.Lengths[batch.Count++] = filled;
                    }
                }

                index += batch.Count;
                await writing; // the other buffer set is free again, and its batch committed
                writing = batch.Count > 0 ? CopyBatchAsync(uploadId, batch, cancellationToken) : Task.CompletedTask;
                if (ended)
                {
                    await writing;
                    return (Convert.ToHexStringLower(hash.GetHashAndReset()), size, index);
                }
            }
        }
        finally
        {
            // A failed read must not leave a COPY running on buffers returned to the pool.
            await writing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            batches[0].Return();
            batches[1].Return();
        }
    }

    private async Task CopyBatchAsync(Guid uploadId, Batch batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(_sql.CopyChunks, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(uploadId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(batch.FirstIndex + i, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(new ArraySegment<byte>(batch.Buffers[i], 0, batch.Lengths[i]), NpgsqlDbType.Bytea, cancellationToken);
        }

        try
        {
            await importer.CompleteAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new BlobUploadExpiredException(_options.StagedUploadMaxAge, e); // the collector removed the upload row
        }
    }
}
