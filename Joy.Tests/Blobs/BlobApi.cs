using System.Net.Http.Headers;
using Joy.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Joy.Tests.Blobs;

/// <summary>
/// The real service (in-memory server) over its own fresh database. Subclasses change the blob
/// settings; each test class that uses one as a fixture gets its own database.
/// </summary>
public class BlobApi : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;

    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>A real socket instead of the in-memory server, where Kestrel's own limits apply.</summary>
    protected virtual bool UseKestrel => false;

    public string ConnectionString => _database.ConnectionString;

    public IServiceProvider Services => Factory.Services;

    private WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var settings = new Dictionary<string, string?>(Settings) { ["ConnectionStrings:Joy"] = _database.ConnectionString };
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings)));
        if (UseKestrel)
        {
            _factory.UseKestrel(0);
        }

        _factory.StartServer(); // starts the host, which applies the schema
    }

    public HttpClient CreateClient() => Factory.CreateClient().Authorized();

    /// <summary>
    /// A client that streams request bodies as they are written: the default one follows redirects,
    /// for which it buffers every request body in full before sending it.
    /// </summary>
    public HttpClient CreateStreamingClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).Authorized();

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

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _database.DisposeAsync();
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
    protected override bool UseKestrel => true;
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
