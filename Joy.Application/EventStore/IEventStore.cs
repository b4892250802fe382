namespace Joy.Application.EventStore;

/// <summary>
/// Joy's port onto the event store (Marten, see <see cref="MartenEventStore"/>): append-only
/// streams of events and one global log over all of them. Versions start at 1 (see
/// <see cref="ExpectedVersion"/>).
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends the events to the stream in one transaction (with every inline projection), after
    /// checking <paramref name="expectedVersion"/>. A retry carrying the same event ids returns the
    /// original result (<see cref="AppendResult.AlreadyAppended"/>) without writing anything.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream is not at the expected version.</exception>
    /// <exception cref="StreamArchivedException">The stream is archived.</exception>
    /// <exception cref="DuplicateEventIdException">An id exists and this is not an exact retry.</exception>
    Task<AppendResult> AppendAsync(
        string streamId,
        ExpectedVersion expectedVersion,
        IReadOnlyList<EventToAppend> events,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default);

    /// <summary>Appends plain domain events, each under a new id.</summary>
    Task<AppendResult> AppendAsync(
        string streamId,
        ExpectedVersion expectedVersion,
        IReadOnlyList<object> events,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default);

    /// <summary>The stream's row, archived or not; null when it does not exist.</summary>
    Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stream's events from <paramref name="fromVersion"/> to <paramref name="toVersion"/>
    /// inclusive, in version order. An archived stream reads as empty unless
    /// <paramref name="includeArchived"/> (audit).
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long fromVersion = 1,
        long toVersion = long.MaxValue,
        bool includeArchived = false,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Folds the stream (archived or not: this is for audit and time travel) up to
    /// <paramref name="atVersion"/> inclusive, or to its end.
    /// </summary>
    Task<FoldedStream<TState>> AggregateStreamAsync<TState>(
        string streamId,
        Func<TState, object, TState> evolve,
        TState initial,
        long? atVersion = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="maxCount"/> events of the global log after <paramref name="after"/>, in
    /// log order, up to the async daemon's high-water mark: never skips an event, never delivers one
    /// before an event that precedes it.
    /// </summary>
    Task<ReadAllPage> ReadAllAsync(
        GlobalPosition after,
        int maxCount = 500,
        bool includeArchived = false,
        CancellationToken cancellationToken = default);

    /// <summary>Archives the stream: closed for appends, hidden from live reads. False when it does not exist.</summary>
    Task<bool> ArchiveStreamAsync(string streamId, CancellationToken cancellationToken = default);
}
