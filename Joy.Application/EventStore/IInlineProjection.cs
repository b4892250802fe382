using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// A projection updated in the append's own transaction: the read model and the events commit
/// or roll back together. Throwing rolls the append back. Keep it quick; it holds the stream lock.
/// </summary>
public interface IInlineProjection
{
    Task ApplyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken);
}
