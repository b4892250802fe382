using System.Net;
using Joy.Application.EventStore;
using Joy.Tests.Store;
using Npgsql;

namespace Joy.Tests.Blobs;

/// <summary>
/// Regression: uploads used to stream into ONE transaction. The global log only hands out events
/// below the cluster-wide <c>pg_snapshot_xmin</c>, so a slow upload held back every reader (other
/// databases' too) until it finished. 4 KiB chunks keep the 1100 chunks below cheap.
/// </summary>
public class an_upload_in_progress(SmallChunkBlobApi api, StoreFixture store)
    : IClassFixture<SmallChunkBlobApi>, IClassFixture<StoreFixture>
{
    [Fact]
    public async Task does_not_hold_back_the_global_log_and_stays_invisible_until_it_finishes()
    {
        var bytes = TestBytes.Random(1200 * SmallChunkBlobApi.ChunkSize, seed: 91);
        var id = TestBytes.Sha256(bytes);
        // Past 1000 chunks: a binary COPY buffers up to 1000 rows before it inserts any (and only
        // then takes a transaction id), so the old design showed the bug from there on.
        using var content = new PausingContent(bytes, pauseAfter: 1100 * SmallChunkBlobApi.ChunkSize);
        using var client = api.CreateClient();
        var upload = client.PutAsync("/api/v1/Blob", content);
        try
        {
            await content.Paused.WaitAsync(TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(HasWrittenSomethingAsync, TimeSpan.FromSeconds(30), "the upload to write its first chunks");

            var stream = $"during-upload-{Guid.NewGuid():N}";
            await store.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1));
            // Other test classes' transactions may delay it briefly; the paused upload must not.
            await Eventually.TrueAsync(
                async () => (await store.Store.ReadAllAsync(GlobalPosition.Start, 1000)).Events.Any(e => e.StreamId == stream),
                TimeSpan.FromSeconds(20),
                "the event appended during the upload to be readable");

            using (var pending = await client.GetAsync($"/api/v1/Blob/{id}"))
            {
                pending.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            }

            (await api.CountRowsAsync()).Blobs.ShouldBe(0);
        }
        finally
        {
            content.Resume();
        }

        using var put = await upload;
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await TestBytes.JsonAsync(put)).GetProperty("id").GetString().ShouldBe(id);
        (await api.CountStagedAsync()).ShouldBe((0, 0));
    }

    // Committed staged chunks (the batched design), or a backend of the blob database holding a
    // transaction id (the old one-transaction design, whose chunks nobody else can see).
    private async Task<bool> HasWrittenSomethingAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM joy.blob_chunks)
                OR EXISTS (SELECT 1 FROM pg_stat_activity
                           WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())
            """, connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
