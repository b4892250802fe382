namespace Joy.Application.EventStore;

/// <summary>
/// The metadata of the request being served, if any: who asked (the authenticated principal) and its correlation
/// id. An append given no metadata of its own takes it, so every event a request causes names its principal.
/// Outside a request (the runner, the firing agent) there is none.
/// </summary>
public interface IRequestMetadata
{
    EventMetadata? Current { get; }
}

/// <summary>No request: a host without HTTP (tests of the store, the benchmarks).</summary>
public sealed class NoRequestMetadata : IRequestMetadata
{
    public EventMetadata? Current => null;
}
