using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// Hosts one of Joy's SQL read models (an <see cref="IInlineProjection"/>) in Marten, inline or in
/// the async daemon. Marten hands the events over before it writes them; Joy's statements need the
/// events' sequence numbers and versions and must run in Marten's own transaction, so they are
/// queued as a transaction participant: Marten runs it after its batch (events appended, numbers
/// known) and before it commits. Inline, the read model commits or rolls back with the append
/// (a throwing projection rolls the append back); in the daemon, with the projection's progress.
/// </summary>
public sealed class SqlProjection(IInlineProjection projection) : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (operations is not ITransactionParticipantRegistrar registrar)
        {
            throw new InvalidOperationException($"Marten gave {projection.GetType().Name} a session that cannot join its transaction.");
        }

        registrar.AddTransactionParticipant(new Participant(projection, events));
        return Task.CompletedTask;
    }

    private sealed class Participant(IInlineProjection projection, IReadOnlyList<IEvent> events) : ITransactionParticipant
    {
        public Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token) =>
            projection.ApplyAsync(connection, transaction, MartenEventStore.ToStored(events), token);
    }
}
