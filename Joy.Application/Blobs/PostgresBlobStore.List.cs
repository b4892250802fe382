using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Blobs;

internal sealed partial class PostgresBlobStore
{
    public const int MaxPageSize = 1000;

    public async Task<BlobPage> ListAsync(int limit, string? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);

        await using var command = dataSource.CreateCommand(_sql.ListBlobs);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        // One extra row tells whether another page follows without a count(*).
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });

        var items = new List<BlobInfo>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(StoredBlob.Read(reader).Info);
            }
        }

        if (items.Count <= limit)
        {
            return new BlobPage(items, Next: null);
        }

        items.RemoveAt(limit);
        return new BlobPage(items, Next: items[^1].Id);
    }
}
