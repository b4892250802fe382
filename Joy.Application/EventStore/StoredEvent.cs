namespace Joy.Application.EventStore;

/// <summary>
/// An event as stored. <see cref="Data"/> is the deserialized domain event, or a
/// <see cref="System.Text.Json.JsonElement"/> when its type name is not registered in the
/// <see cref="EventTypeMap"/> (a subscriber must not crash on events it does not know).
/// </summary>
public sealed record StoredEvent(
    Guid Id,
    string StreamId,
    long Version,
    long Sequence,
    string Type,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset Timestamp,
    bool IsArchived = false)
{
    public GlobalPosition Position => new(Sequence);
}

/// <summary>
/// The outcome of an append: the stream's version after it and where each event landed.
/// <see cref="AlreadyAppended"/> is true when the call was recognised as a retry of an append
/// that had already committed; nothing was written and the original positions are returned.
/// </summary>
public sealed record AppendResult(
    string StreamId,
    long Version,
    IReadOnlyList<GlobalPosition> Positions,
    bool AlreadyAppended)
{
    public GlobalPosition LastPosition => Positions[^1];
}

/// <summary>A stream's row: its current version, timestamps and archive flag.</summary>
public sealed record StreamInfo(
    string Id,
    long Version,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    bool IsArchived);

/// <summary>
/// One page of the global log. <see cref="Next"/> is the token for the next page.
/// <see cref="HeldBack"/> says events exist after the page above the high-water mark, which the
/// daemon has not yet confirmed gap-free; ask again shortly.
/// </summary>
public sealed record ReadAllPage(IReadOnlyList<StoredEvent> Events, GlobalPosition Next, bool HeldBack);

/// <summary>A stream folded into a state, and the version it was folded up to.</summary>
public sealed record FoldedStream<TState>(TState State, long Version);
