using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Joy.Application.EventStore;

public sealed partial class MartenEventStore
{
    public Task<AppendResult> AppendAsync(
        string streamId,
        ExpectedVersion expectedVersion,
        IReadOnlyList<object> events,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var wrapped = events.Select(e => e as EventToAppend ?? new EventToAppend(e)).ToList();
        return AppendAsync(streamId, expectedVersion, wrapped, metadata, cancellationToken);
    }

    public async Task<AppendResult> AppendAsync(
        string streamId,
        ExpectedVersion expectedVersion,
        IReadOnlyList<EventToAppend> events,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        await using var session = OpenOutboxedSession();
        (metadata ?? EventMetadata.Empty).Describe(session);
        var appended = events.Select(e => WithId(session, e)).ToArray();
        if (expectedVersion == ExpectedVersion.NoStream)
        {
            session.Events.StartStream(streamId, appended);
        }
        else if (expectedVersion.IsAny)
        {
            await AppendAfterWhateverIsThereAsync(session, streamId, appended, cancellationToken);
        }
        else
        {
            // Marten's expected version is the stream's version after the append.
            session.Events.Append(streamId, expectedVersion.Value + appended.Length, appended);
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            return await DiagnoseAsync(streamId, expectedVersion, events.Select(x => x.Id).ToArray(), cancellationToken);
        }

        return new AppendResult(streamId, appended[^1].Version, appended.Select(e => new GlobalPosition(e.Sequence)).ToList(), AlreadyAppended: false);
    }

    /// <summary>
    /// Marten checks no version for a plain append, so two at once to one stream would race for the
    /// same version numbers. Under a per-stream transaction lock (what Marten's AppendExclusive takes,
    /// which cannot start a stream), read the version and append as if it had been expected.
    /// </summary>
    private static async Task AppendAfterWhateverIsThereAsync(IDocumentSession session, string streamId, IEvent[] appended, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using (var lockStream = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", session.Connection))
        {
            lockStream.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
            await lockStream.ExecuteNonQueryAsync(cancellationToken);
        }

        var version = (await session.Events.FetchStreamStateAsync(streamId, cancellationToken))?.Version ?? 0;
        if (version == 0)
        {
            session.Events.StartStream(streamId, appended);
        }
        else
        {
            session.Events.Append(streamId, version + appended.Length, appended);
        }
    }

    private static IEvent WithId(IDocumentSession session, EventToAppend append)
    {
        var e = session.Events.BuildEvent(append.Data);
        e.Id = append.Id; // the caller's id makes a retried append recognisable (unique index on mt_events.id)
        return e;
    }

    /// <summary>Marten refused the append: wrong version, existing or archived stream, or a reused event id.</summary>
    private static bool IsRefusal(Exception e) => e is EventStreamUnexpectedMaxEventIdException
        or Marten.Exceptions.ExistingStreamIdCollisionException
        or InvalidStreamOperationException
        or MartenCommandException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }
        or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
