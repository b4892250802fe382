using Joy.Application.EventStore;

namespace Joy.Application.Queries.Feed;

/// <summary>
/// Which part of the global log a reader wants: after a position, at most <see cref="Limit"/>
/// events, optionally only some instances, state machines or event types (empty = any).
/// </summary>
public sealed record EventFeedQuery(
    GlobalPosition After,
    int Limit,
    IReadOnlyList<string> Instances,
    IReadOnlyList<string> StateMachines,
    IReadOnlyList<string> Types)
{
    public const int MaxLimit = 1000;

    public EventFeedQuery With(GlobalPosition after) => this with { After = after };
}

/// <summary>
/// A page of the feed. <see cref="Next"/> is where the next read starts: past the last event
/// returned, or past events that matched nothing when the page was not full.
/// <see cref="HeldBack"/>: events above the daemon's high-water mark wait for it to pass them; ask again soon.
/// </summary>
public sealed record EventFeedPage(IReadOnlyList<StoredEvent> Events, GlobalPosition Next, bool HeldBack);
