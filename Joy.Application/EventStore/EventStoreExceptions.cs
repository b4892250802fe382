namespace Joy.Application.EventStore;

/// <summary>
/// The stream's version is not the one the writer expected: someone else appended first. Maps to
/// HTTP 409. <see cref="ActualVersion"/> is -1 when it could not be known.
/// </summary>
public sealed class WrongExpectedVersionException(string streamId, ExpectedVersion expected, long actualVersion, Exception? inner = null)
    : Exception($"Stream '{streamId}' is at version {actualVersion}, expected {expected}.", inner)
{
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    public long ActualVersion { get; } = actualVersion;
}

/// <summary>The stream is archived: readable for audit, closed for appends. Maps to HTTP 409.</summary>
public sealed class StreamArchivedException(string streamId)
    : Exception($"Stream '{streamId}' is archived.")
{
    public string StreamId { get; } = streamId;
}

/// <summary>
/// Some of the event ids already exist but the append is not an exact retry of the append that
/// wrote them (other ids mixed in, another stream or another order). Maps to HTTP 409.
/// </summary>
public sealed class DuplicateEventIdException(string streamId)
    : Exception($"An event id appended to stream '{streamId}' already exists and this append is not a retry of it.")
{
    public string StreamId { get; } = streamId;
}
