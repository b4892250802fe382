using Joy.Application.EventStore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Joy.Application.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> on PostgreSQL: <c>blobs</c> holds one row per distinct content,
/// <c>blob_chunks</c> its bytes in fixed-size chunks, staged under <c>blob_uploads</c>. Split by
/// concern: writing, reading, listing.
/// </summary>
internal sealed partial class PostgresBlobStore(
    NpgsqlDataSource dataSource, IOptions<BlobOptions> options, EventStoreOptions storeOptions, ILogger<PostgresBlobStore> logger) : IBlobStore
{
    private readonly BlobOptions _options = options.Value;
    private readonly BlobSql _sql = new(storeOptions.Schema);

    public async Task<BlobInfo?> GetInfoAsync(string id, CancellationToken cancellationToken = default) =>
        (await FindAsync(id, cancellationToken))?.Info;

    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) is not null;

    private async Task<StoredBlob?> FindAsync(string id, CancellationToken cancellationToken)
    {
        BlobId.Validate(id);
        await using var command = dataSource.CreateCommand(_sql.SelectBlob);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredBlob.Read(reader) : null;
    }

    /// <summary>A <c>joy.blobs</c> row: the public info plus where and how its chunks are stored.</summary>
    private sealed record StoredBlob(BlobInfo Info, Guid UploadId, int ChunkSize, int ChunkCount)
    {
        // Column order of select_blob.sql and list_blobs.sql.
        public static StoredBlob Read(NpgsqlDataReader reader) => new(
            new BlobInfo(
                Id: reader.GetString(0),
                Size: reader.GetInt64(2),
                Remark: reader.IsDBNull(5) ? null : reader.GetString(5),
                TimeStamp: reader.IsDBNull(6) ? null : reader.GetInt64(6),
                CreatedAt: reader.GetFieldValue<DateTimeOffset>(7)),
            UploadId: reader.GetGuid(1),
            ChunkSize: reader.GetInt32(3),
            ChunkCount: reader.GetInt32(4));
    }
}
