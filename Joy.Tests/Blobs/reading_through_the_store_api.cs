using Joy.Application.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Blobs;

/// <summary>The engine's view: <see cref="IBlobStore"/> without HTTP, with 4 KiB chunks.</summary>
public class reading_through_the_store_api(SmallChunkBlobApi api) : IClassFixture<SmallChunkBlobApi>
{
    private IBlobStore Store => api.Services.GetRequiredService<IBlobStore>();

    [Fact]
    public async Task a_range_stream_has_the_range_length_and_bytes()
    {
        var content = TestBytes.Random(20_000, seed: 81);
        var put = await Store.PutAsync(new MemoryStream(content), new BlobMetadata("x", 7));
        put.Created.ShouldBeTrue();
        put.Blob.ShouldBe(put.Blob with { Id = TestBytes.Sha256(content), Size = 20_000, Remark = "x", TimeStamp = 7 });

        await using var stream = await Store.OpenReadAsync(put.Blob.Id, new ByteRange(5000, 9000));
        stream.Length.ShouldBe(9000);
        var read = new MemoryStream();
        await stream.CopyToAsync(read);
        read.ToArray().ShouldBe(content[5000..14000]);
    }

    [Fact]
    public async Task seeking_back_rereads_from_the_new_position()
    {
        var content = TestBytes.Random(20_000, seed: 82);
        var id = (await Store.PutAsync(new MemoryStream(content))).Blob.Id;

        await using var stream = await Store.OpenReadAsync(id);
        var buffer = new byte[100];
        await stream.ReadExactlyAsync(buffer);
        stream.Seek(12_345, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(buffer);
        buffer.ShouldBe(content[12_345..12_445]);
        stream.Position = 10;
        await stream.ReadExactlyAsync(buffer);
        buffer.ShouldBe(content[10..110]);
    }

    [Fact]
    public async Task an_unknown_id_throws_not_found_and_a_malformed_one_is_refused()
    {
        await Should.ThrowAsync<BlobNotFoundException>(() => Store.OpenReadAsync(new string('0', 64)));
        await Should.ThrowAsync<InvalidBlobIdException>(() => Store.GetInfoAsync("../etc/passwd"));
        (await Store.ExistsAsync(new string('0', 64))).ShouldBeFalse();
    }

    [Fact]
    public async Task a_chunk_deleted_behind_its_back_is_reported_as_corruption_not_skipped()
    {
        var content = TestBytes.Random(20_000, seed: 83);
        var id = (await Store.PutAsync(new MemoryStream(content))).Blob.Id;
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand(
                "DELETE FROM joy.blob_chunks WHERE index = 2 AND upload_id = (SELECT upload_id FROM joy.blobs WHERE id = $1)", connection);
            delete.Parameters.Add(new NpgsqlParameter { Value = id });
            (await delete.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await using var stream = await Store.OpenReadAsync(id);
        var exception = await Should.ThrowAsync<BlobCorruptException>(() => stream.CopyToAsync(Stream.Null));
        exception.Message.ShouldContain("chunk 2");
    }
}
