using System.Buffers;
using System.Data;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Bench;

public static partial class BlobBenchmark
{
    private const int BaselineChunk = 1 << 20;

    /// <summary>
    /// The floor Joy is measured against: the same bytes, in the same 1 MiB chunks, COPYed in binary
    /// into a table shaped like joy.blob_chunks in one transaction, then read back with sequential
    /// access and hashed, as the service's client does.
    /// </summary>
    private static async Task<Measured> CopyBaselineAsync(string connectionString, long size, int runs, long warmUp)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(
            "CREATE TABLE bench_chunks (upload_id uuid, index int, data bytea NOT NULL, PRIMARY KEY (upload_id, index));" +
            "ALTER TABLE bench_chunks ALTER COLUMN data SET STORAGE EXTERNAL"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await CopyRunAsync(dataSource, warmUp, seed: -1, "warm-up");
        var measured = new List<Measured>();
        for (var run = 0; run < runs; run++)
        {
            measured.Add(await CopyRunAsync(dataSource, size, run, $"#{run + 1}"));
        }

        return Measured.Summarize(measured);
    }

    private static async Task<Measured> CopyRunAsync(NpgsqlDataSource dataSource, long size, int seed, string label)
    {
        var uploadId = Guid.NewGuid();
        var buffer = ArrayPool<byte>.Shared.Rent(BaselineChunk);
        try
        {
            var up = await MeasureAsync($"baseline COPY in {label}", size, async () =>
            {
                var source = new GeneratedStream(size, seed);
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var importer = await connection.BeginBinaryImportAsync("COPY bench_chunks (upload_id, index, data) FROM STDIN (FORMAT BINARY)"))
                {
                    var index = 0;
                    int filled;
                    while ((filled = await source.ReadAtLeastAsync(buffer.AsMemory(0, BaselineChunk), BaselineChunk, throwOnEndOfStream: false)) > 0)
                    {
                        await importer.StartRowAsync();
                        await importer.WriteAsync(uploadId, NpgsqlDbType.Uuid);
                        await importer.WriteAsync(index++, NpgsqlDbType.Integer);
                        await importer.WriteAsync(new ArraySegment<byte>(buffer, 0, filled), NpgsqlDbType.Bytea);
                    }

                    await importer.CompleteAsync();
                }

                await transaction.CommitAsync();
            });

            var down = await MeasureAsync($"baseline SELECT out {label}", size, async () =>
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using var command = dataSource.CreateCommand("SELECT data FROM bench_chunks WHERE upload_id = $1 ORDER BY index");
                command.Parameters.Add(new NpgsqlParameter { Value = uploadId });
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess);
                while (await reader.ReadAsync())
                {
                    await using var data = await reader.GetStreamAsync(0);
                    int read;
                    while ((read = await data.ReadAsync(buffer.AsMemory(0, BaselineChunk))) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                    }
                }
            });

            return new Measured(up, down);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
