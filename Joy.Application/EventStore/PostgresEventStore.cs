using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// The event store on PostgreSQL (tables <c>streams</c> and <c>events</c>, see Schema/0001_events.sql).
/// </summary>
/// <remarks>
/// <para><b>Why the global log is ordered by (transaction_id, seq_id), not by seq_id.</b>
/// <c>seq_id</c> comes from a sequence: a transaction takes its numbers when it inserts but becomes
/// visible when it commits, so seq 7 can appear after a reader already saw seq 8 (or never, after a
/// rollback). A reader that checkpoints "seq &gt; last" skips such events forever.</para>
/// <para>Every event row records <c>pg_current_xact_id()</c> of the transaction that wrote it. A
/// reader only consumes rows with <c>transaction_id &lt; pg_snapshot_xmin(pg_current_snapshot())</c>:
/// every transaction below that horizon has ended, and transaction ids are handed out in increasing
/// order, so no row with a transaction id below the horizon can ever appear later. The set of rows
/// below the horizon is therefore final, and reading it in (transaction_id, seq_id) order with a
/// checkpoint on that pair never skips a row and never returns one twice. The horizon and the rows
/// come from the same statement, hence the same snapshot, so every committed row below the horizon
/// is visible to the read. Rows of a still-running older transaction hold later rows back until it
/// ends (commit or rollback), which is why subscribers re-check quickly while rows are held back.</para>
/// <para>The order is consistent with commits: a transaction that starts after another committed
/// gets a larger transaction id, so it comes later. Two appends to one stream are serialised by a
/// per-stream lock taken before the appending transaction writes anything (and so before it has a
/// transaction id), so stream versions also ascend in log order.</para>
/// </remarks>
public sealed partial class PostgresEventStore : IEventStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly EventTypeMap _types;
    private readonly IReadOnlyList<IInlineProjection> _inlineProjections;
    private readonly string _appendLockSql;
    private readonly string _appendWriteSql;
    private readonly string _appendDiagnoseSql;
    private readonly string _readStreamSql;
    private readonly string _readAllSql;
    private readonly string _getStreamSql;
    private readonly string _archiveSql;
    private readonly AppendNotifier _notifier;

    public PostgresEventStore(
        NpgsqlDataSource dataSource,
        EventTypeMap types,
        EventStoreOptions options,
        IEnumerable<IInlineProjection>? inlineProjections = null)
    {
        options.Validate();
        _dataSource = dataSource;
        _types = types;
        _inlineProjections = inlineProjections?.ToList() ?? [];
        _appendLockSql = SqlScripts.Get("EventStore/Sql/append_lock.sql", options.Schema);
        _appendWriteSql = SqlScripts.Get("EventStore/Sql/append_write.sql", options.Schema);
        _appendDiagnoseSql = SqlScripts.Get("EventStore/Sql/append_diagnose.sql", options.Schema);
        _readStreamSql = SqlScripts.Get("EventStore/Sql/read_stream.sql", options.Schema);
        _readAllSql = SqlScripts.Get("EventStore/Sql/read_all.sql", options.Schema);
        _getStreamSql = SqlScripts.Get("EventStore/Sql/get_stream.sql", options.Schema);
        _archiveSql = SqlScripts.Get("EventStore/Sql/archive_stream.sql", options.Schema);
        _notifier = new AppendNotifier(dataSource, options.NotificationChannel);
    }

    public EventTypeMap Types => _types;

    public async Task<bool> ArchiveStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_archiveSql, connection, transaction);
        command.Parameters.AddWithValue("stream_id", streamId);
        bool found;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken); // past the lock's result
            found = await reader.ReadAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return found;
    }
}
