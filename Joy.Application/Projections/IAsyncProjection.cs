using Joy.Application.EventStore;

namespace Joy.Application.Projections;

/// <summary>
/// A SQL read model that can be rebuilt from zero: Marten's async daemon keeps it (each batch in
/// one transaction with the projection's progress), or Marten runs it inline when it is registered
/// with <c>AddJoyInlineProjection</c>. A rebuild empties <see cref="Tables"/> and replays the log, so
/// the projection must write nowhere else.
/// </summary>
public interface IAsyncProjection : IInlineProjection
{
    /// <summary>The projection's name in Marten, its progress row and the admin API.</summary>
    string Name { get; }

    /// <summary>Every table it writes, schema-qualified; a rebuild empties them.</summary>
    IReadOnlyList<string> Tables { get; }
}
