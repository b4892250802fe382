using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Projections;

/// <summary>
/// A read model kept by a subscription. Each batch is applied in one transaction together with
/// the subscription's checkpoint, so the read model never sees a batch twice or half. The same
/// <see cref="IInlineProjection.ApplyAsync"/> can also be registered inline. Any projection can be
/// rebuilt from zero (<see cref="ProjectionRebuilder"/>), so <see cref="ResetAsync"/> must
/// remove everything it wrote.
/// </summary>
public interface IAsyncProjection : IInlineProjection
{
    /// <summary>The subscription name, also the checkpoint's key.</summary>
    string Name { get; }

    /// <summary>Empties the read model (e.g. TRUNCATE its tables), in the caller's transaction.</summary>
    Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
