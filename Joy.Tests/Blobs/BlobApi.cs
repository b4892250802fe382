using System.Net.Http.Headers;
using Joy.Tests.Infrastructure;
using Npgsql;

namespace Joy.Tests.Blobs;

/// <summary>
/// The real service (in-memory server) over its own fresh database. Subclasses change the blob
/// settings; each test class that uses one as a fixture gets its own database.
/// </summary>
public class BlobApi : JoyAppFixture
{
    public async Task<(long Blobs, long Chunks)> CountRowsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT (SELECT count(*) FROM joy.blobs), (SELECT count(*) FROM joy.blob_chunks)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Staged uploads not published (yet), and the chunk rows they hold.</summary>
    public async Task<(long Uploads, long Chunks)> CountStagedAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM joy.blob_uploads WHERE published_at IS NULL),
                   (SELECT count(*) FROM joy.blob_chunks c JOIN joy.blob_uploads u USING (upload_id) WHERE u.published_at IS NULL)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static ByteArrayContent Raw(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}

/// <summary>Small chunks, so ranges and reads cross chunk and batch boundaries with little data.</summary>
public sealed class SmallChunkBlobApi : BlobApi
{
    public const int ChunkSize = 4096;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Joy:Blobs:ChunkSizeBytes"] = ChunkSize.ToString(),
        ["Joy:Blobs:ChunksPerQuery"] = "3",
    };
}

/// <summary>The service on Kestrel at a loopback port: request limits as in production.</summary>
public sealed class KestrelBlobApi : BlobApi
{
    protected override bool OnKestrel => true;
}

/// <summary>Low limits, to test oversize requests cheaply.</summary>
public sealed class SmallLimitBlobApi : BlobApi
{
    public const int MaxSize = 1 << 20;
    public const int MaxJson = 64 * 1024;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Joy:Blobs:MaxSizeBytes"] = MaxSize.ToString(),
        ["Joy:Blobs:MaxJsonRequestBytes"] = MaxJson.ToString(),
    };
}
