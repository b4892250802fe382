using Joy.Application.Blobs;
using Joy.Tests.Store;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Blobs;

/// <summary>Staged chunks of an upload that never publishes must not stay (4 KiB chunks, 4 per batch).</summary>
public class abandoning_an_upload(SmallChunkBlobApi api) : IClassFixture<SmallChunkBlobApi>
{
    [Fact]
    public async Task a_client_abort_leaves_no_blob_and_no_staged_chunks()
    {
        var bytes = TestBytes.Random(30 * SmallChunkBlobApi.ChunkSize, seed: 92);
        using var content = new PausingContent(bytes, pauseAfter: 10 * SmallChunkBlobApi.ChunkSize);
        using var client = api.CreateClient();
        using var abort = new CancellationTokenSource();
        var upload = client.PutAsync("/api/v1/Blob", content, abort.Token);

        await content.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await api.CountStagedAsync()).Chunks >= 4, TimeSpan.FromSeconds(30), "a staged batch");
        await abort.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => upload);

        await Eventually.TrueAsync(async () => await api.CountStagedAsync() == (0, 0), TimeSpan.FromSeconds(30), "the staged upload to be discarded");
        (await api.CountRowsAsync()).ShouldBe((0, 0));
        using var list = await client.GetAsync("/api/v1/Blob/All");
        (await TestBytes.JsonAsync(list)).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task the_collector_removes_staged_uploads_older_than_the_max_age_and_keeps_younger_ones()
    {
        // What a crashed process leaves: a staged upload with chunks, never published.
        var old = await StageAsync(TimeSpan.FromHours(2));
        var young = await StageAsync(TimeSpan.Zero);
        var collector = api.Services.GetRequiredService<StagedUploadCollector>();

        (await collector.CollectAsync(TimeSpan.FromHours(1))).ShouldBe(1);

        (await ChunksOfAsync(old)).ShouldBe(0);
        (await ChunksOfAsync(young)).ShouldBe(2);
        (await collector.CollectAsync(TimeSpan.Zero)).ShouldBe(1);
        (await ChunksOfAsync(young)).ShouldBe(0);
    }

    [Fact]
    public async Task an_upload_collected_while_still_running_fails_with_408_and_stores_nothing()
    {
        var bytes = TestBytes.Random(30 * SmallChunkBlobApi.ChunkSize, seed: 93);
        using var content = new PausingContent(bytes, pauseAfter: 10 * SmallChunkBlobApi.ChunkSize);
        using var client = api.CreateClient();
        var upload = client.PutAsync("/api/v1/Blob", content);
        await content.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await api.CountStagedAsync()).Chunks >= 4, TimeSpan.FromSeconds(30), "a staged batch");

        // The client stalls past the max age (zero here): the collector takes the upload as abandoned.
        (await api.Services.GetRequiredService<StagedUploadCollector>().CollectAsync(TimeSpan.Zero)).ShouldBe(1);
        content.Resume();
        using var response = await upload;

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.RequestTimeout);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await TestBytes.JsonAsync(response)).GetProperty("title").GetString().ShouldBe("Upload too slow");
        await Eventually.TrueAsync(async () => await api.CountStagedAsync() == (0, 0), TimeSpan.FromSeconds(30), "nothing staged");
        (await api.CountRowsAsync()).ShouldBe((0, 0));
    }

    private async Task<Guid> StageAsync(TimeSpan age)
    {
        var uploadId = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH upload AS (INSERT INTO joy.blob_uploads (upload_id, started_at) VALUES ($1, now() - $2::interval) RETURNING upload_id)
            INSERT INTO joy.blob_chunks (upload_id, index, data)
            SELECT upload_id, i, '\x01'::bytea FROM upload, generate_series(0, 1) AS i
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        command.Parameters.Add(new NpgsqlParameter { Value = age });
        await command.ExecuteNonQueryAsync();
        return uploadId;
    }

    private async Task<long> ChunksOfAsync(Guid uploadId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM joy.blob_chunks WHERE upload_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
