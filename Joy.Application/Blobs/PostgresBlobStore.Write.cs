using System.Buffers;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Blobs;

internal sealed partial class PostgresBlobStore
{
    /// <summary>
    /// One transaction: COPY the chunks in under a fresh upload id while hashing them, then insert
    /// the blob row under the hash. If that content already exists (also if a concurrent upload of it
    /// committed first) the transaction rolls back and the existing blob is returned.
    /// </summary>
    public async Task<BlobPutResult> PutAsync(Stream content, BlobMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        metadata ??= BlobMetadata.None;
        var chunkSize = _options.ChunkSizeBytes;
        var uploadId = Guid.NewGuid();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (id, size, chunkCount) = await CopyChunksAsync(connection, content, uploadId, chunkSize, cancellationToken);

        await using var insert = new NpgsqlCommand(BlobSql.InsertBlob, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        insert.Parameters.Add(new NpgsqlParameter { Value = size });
        insert.Parameters.Add(new NpgsqlParameter { Value = chunkSize });
        insert.Parameters.Add(new NpgsqlParameter { Value = chunkCount });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)metadata.Remark ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)metadata.TimeStamp ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        var createdAt = await insert.ExecuteScalarAsync(cancellationToken);

        if (createdAt is DateTime utc)
        {
            await transaction.CommitAsync(cancellationToken);
            var info = new BlobInfo(id, size, metadata.Remark, metadata.TimeStamp, new DateTimeOffset(utc, TimeSpan.Zero));
            return new BlobPutResult(info, Created: true);
        }

        // Already stored: drop this upload's chunks, answer with the stored blob.
        await transaction.RollbackAsync(cancellationToken);
        var existing = await GetInfoAsync(id, cancellationToken)
            ?? throw new InvalidOperationException($"Blob {id} conflicted on insert but cannot be read back.");
        return new BlobPutResult(existing, Created: false);
    }

    private async Task<(string Id, long Size, int ChunkCount)> CopyChunksAsync(
        NpgsqlConnection connection, Stream content, Guid uploadId, int chunkSize, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            long size = 0;
            var index = 0;
            // Disposing the importer without CompleteAsync cancels the COPY, so a failed or
            // oversize upload leaves nothing behind (and the transaction rolls back anyway).
            await using var importer = await connection.BeginBinaryImportAsync(BlobSql.CopyChunks, cancellationToken);
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                size += filled;
                if (size > _options.MaxSizeBytes)
                {
                    throw new BlobTooLargeException(_options.MaxSizeBytes);
                }

                hash.AppendData(buffer, 0, filled);
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(uploadId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(index++, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(new ArraySegment<byte>(buffer, 0, filled), NpgsqlDbType.Bytea, cancellationToken);
                if (filled < chunkSize)
                {
                    break;
                }
            }

            await importer.CompleteAsync(cancellationToken);
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size, index);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
