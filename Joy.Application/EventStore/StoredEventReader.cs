using System.Text.Json;
using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// Reads the event columns every event query selects first, in this order: seq_id,
/// transaction_id, id, stream_id, version, type, data, metadata, timestamp, is_archived.
/// </summary>
internal static class StoredEventReader
{
    public const int ColumnCount = 10;

    public static StoredEvent Read(NpgsqlDataReader reader, EventTypeMap types)
    {
        var type = reader.GetString(5);
        return new StoredEvent(
            Id: reader.GetGuid(2),
            StreamId: reader.GetString(3),
            Version: reader.GetInt64(4),
            Sequence: reader.GetInt64(0),
            TransactionId: reader.GetFieldValue<ulong>(1),
            Type: type,
            Data: types.Deserialize(type, reader.GetString(6)),
            Metadata: JsonSerializer.Deserialize<EventMetadata>(reader.GetString(7), EventTypeMap.SerializerOptions) ?? EventMetadata.Empty,
            Timestamp: reader.GetFieldValue<DateTimeOffset>(8),
            IsArchived: reader.GetBoolean(9));
    }
}
