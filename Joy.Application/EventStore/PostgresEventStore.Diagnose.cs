using Npgsql;

namespace Joy.Application.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// An append wrote nothing; says why. Idempotency: when every id of the append already exists,
    /// in this stream, in the same order, as consecutive versions starting where the expected
    /// version said (any start for <see cref="ExpectedVersion.Any"/>), it was a retry of an append
    /// that committed: the original result is returned. Any other reuse of an id is refused.
    /// </summary>
    private async Task<AppendResult> DiagnoseAsync(
        NpgsqlConnection connection, string streamId, ExpectedVersion expectedVersion, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_appendDiagnoseSql, connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = streamId }, new NpgsqlParameter<Guid[]> { TypedValue = ids } },
        };
        long? version = null;
        var archived = false;
        var existing = new List<(string StreamId, long Version, GlobalPosition Position, Guid Id)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                version = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                archived = !reader.IsDBNull(1) && reader.GetBoolean(1);
                if (!reader.IsDBNull(2))
                {
                    existing.Add((reader.GetString(2), reader.GetInt64(3),
                        new GlobalPosition(reader.GetFieldValue<ulong>(5), reader.GetInt64(4)), reader.GetGuid(6)));
                }
            }
        }

        if (existing.Count > 0)
        {
            var first = existing[0].Version;
            var isRetry = existing.Count == ids.Length
                && existing.All(e => e.StreamId == streamId)
                && existing.Select(e => e.Id).SequenceEqual(ids)
                && existing[^1].Version - first + 1 == ids.Length
                && expectedVersion.IsSatisfiedBy(first - 1);
            return isRetry
                ? new AppendResult(streamId, existing[^1].Version, existing.Select(e => e.Position).ToList(), AlreadyAppended: true)
                : throw new DuplicateEventIdException(streamId);
        }

        if (archived)
        {
            throw new StreamArchivedException(streamId);
        }

        throw new WrongExpectedVersionException(streamId, expectedVersion, version ?? 0);
    }
}
