using Joy.Application.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Queries.Instances;

/// <summary>Reads <c>instance_summaries</c> for the list (see <see cref="InstanceSummaryProjection"/>).</summary>
public sealed class InstanceListQueries(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private readonly string _listSql = SqlScripts.Get("Queries/Sql/list_instances.sql", options.Schema);

    public async Task<InstancePage> ListAsync(InstanceListQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, InstanceListQuery.MaxLimit);
        await using var command = dataSource.CreateCommand(_listSql);
        command.Parameters.Add(Text(query.Name));
        command.Parameters.Add(Text(query.Stage));
        command.Parameters.Add(Text(query.Status));
        command.Parameters.Add(Time(query.BeginTime));
        command.Parameters.Add(Time(query.FinishTime));
        command.Parameters.Add(Time(query.After?.CreatedAt));
        command.Parameters.Add(Text(query.After?.Id));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<InstanceSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new InstanceSummary(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetFieldValue<DateTimeOffset>(10), reader.GetInt64(11)));
        }

        var next = items.Count == limit ? new InstanceCursor(items[^1].CreatedAt, items[^1].Id).ToString() : null;
        return new InstancePage(items, next);
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
