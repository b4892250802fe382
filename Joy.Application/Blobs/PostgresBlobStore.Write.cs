using System.Security.Cryptography;
using Joy.Application.Telemetry;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Blobs;

internal sealed partial class PostgresBlobStore
{
    /// <summary>
    /// Stages the chunks under a fresh upload id in short committed batches while hashing them
    /// (<see cref="StageChunksAsync"/>), then publishes the blob row under the hash in one short
    /// transaction. No transaction outlives a batch: the event store's gap-safe read horizon is
    /// cluster-wide, so a long one would hold back every reader of the global log. If the content
    /// is already stored (also if a concurrent upload of it published first) the staged chunks are
    /// dropped and the existing blob is returned.
    /// </summary>
    public async Task<BlobPutResult> PutAsync(Stream content, BlobMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        metadata ??= BlobMetadata.None;
        if (content.CanSeek && content.Length - content.Position <= _options.ChunkSizeBytes)
        {
            // Small and seekable (a run's log, say): hash it first, and when the content is already
            // stored answer with one lookup instead of staging and publishing; else rewind and store.
            var start = content.Position;
            var id = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
            if (await GetInfoAsync(id, cancellationToken) is { } known)
            {
                JoyTelemetry.BlobBytesIn.Add(known.Size);
                return new BlobPutResult(known, Created: false);
            }

            content.Position = start;
        }

        var uploadId = Guid.NewGuid();
        await ExecuteAsync(_sql.BeginUpload, uploadId, cancellationToken);

        (string Id, long Size, int ChunkCount) staged;
        DateTime? createdAt;
        try
        {
            staged = await StageChunksAsync(content, uploadId, cancellationToken);
            createdAt = await PublishAsync(uploadId, staged, metadata, cancellationToken);
            JoyTelemetry.BlobBytesIn.Add(staged.Size);
        }
        catch
        {
            // Oversize, client abort, database error: nothing was published, the staged chunks go.
            await DiscardBestEffortAsync(uploadId);
            throw;
        }

        if (createdAt is DateTime utc)
        {
            var info = new BlobInfo(staged.Id, staged.Size, metadata.Remark, metadata.TimeStamp, new DateTimeOffset(utc, TimeSpan.Zero));
            return new BlobPutResult(info, Created: true);
        }

        await DiscardBestEffortAsync(uploadId);
        var existing = await GetInfoAsync(staged.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Blob {staged.Id} conflicted on insert but cannot be read back.");
        return new BlobPutResult(existing, Created: false);
    }

    /// <summary>The creation time if this upload became the blob; null if the content was already stored.</summary>
    private async Task<DateTime?> PublishAsync(
        Guid uploadId, (string Id, long Size, int ChunkCount) staged, BlobMetadata metadata, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var publish = new NpgsqlCommand(_sql.PublishUpload, connection, transaction))
        {
            publish.Parameters.Add(new NpgsqlParameter { Value = uploadId });
            if (await publish.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new BlobUploadExpiredException(_options.StagedUploadMaxAge);
            }
        }

        await using var insert = new NpgsqlCommand(_sql.InsertBlob, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = staged.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        insert.Parameters.Add(new NpgsqlParameter { Value = staged.Size });
        insert.Parameters.Add(new NpgsqlParameter { Value = _options.ChunkSizeBytes });
        insert.Parameters.Add(new NpgsqlParameter { Value = staged.ChunkCount });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)metadata.Remark ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)metadata.TimeStamp ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        if (await insert.ExecuteScalarAsync(cancellationToken) is not DateTime createdAt)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return createdAt;
    }

    // Not cancellable: it runs because the request was cancelled. If it fails anyway, the
    // collector removes the staged upload once it is older than StagedUploadMaxAge.
    private async Task DiscardBestEffortAsync(Guid uploadId)
    {
        try
        {
            await ExecuteAsync(_sql.DiscardUpload, uploadId, CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(exception, "Could not discard staged blob upload {UploadId}; the collector will", uploadId);
        }
    }

    private async Task ExecuteAsync(string sql, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
