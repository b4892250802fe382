using Joy.Application.EventStore;

namespace Joy.Application.Definitions;

/// <summary>
/// The definition use cases, one function each (actors in <c>DefinitionService.Actors.cs</c>, state
/// machines in <c>DefinitionService.StateMachines.cs</c>): fold the definition's stream, let the
/// domain decider decide, append with the folded version as the expected version.
/// Throws the domain's <c>DefinitionRejectedException</c>s, <see cref="ActorInUseException"/> and
/// <see cref="WrongExpectedVersionException"/>; the web layer maps each to a status.
/// </summary>
public sealed partial class DefinitionService(IEventStore store, DefinitionQueries queries, TimeProvider time)
{
    // Without a client's expected version a lost race is decided again on the new state (a
    // concurrent duplicate define then fails as "already exists"); a few rounds are plenty.
    private const int MaxAttempts = 3;

    /// <summary>
    /// Folds the stream, decides, appends with <paramref name="metadata"/> (who asked). With
    /// <paramref name="expectedVersion"/> (the client's If-Match) a stream at another version is a
    /// conflict, never decided again.
    /// </summary>
    private async Task DecideAsync<TState, TEvent>(
        DefinitionKind kind,
        string name,
        TState initial,
        Func<TState, TEvent, TState> evolve,
        Func<TState, IReadOnlyList<TEvent>> decide,
        int? expectedVersion,
        EventMetadata? metadata,
        CancellationToken cancellationToken)
        where TEvent : class
    {
        var streamId = kind.StreamId(name);
        for (var attempt = 1; ; attempt++)
        {
            var folded = await store.AggregateStreamAsync<TState>(
                streamId, (state, data) => data is TEvent e ? evolve(state, e) : state, initial, cancellationToken: cancellationToken);
            if (expectedVersion is { } expected && expected != folded.Version)
            {
                throw new WrongExpectedVersionException(streamId, ExpectedVersion.Exact(expected), folded.Version);
            }

            var events = decide(folded.State);
            if (events.Count == 0)
            {
                return; // nothing changed: no new version
            }

            try
            {
                await store.AppendAsync(streamId, ExpectedVersion.Exact(folded.Version), events.ToList<object>(), metadata, cancellationToken);
                return;
            }
            catch (WrongExpectedVersionException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                // someone else wrote first: decide again on what they wrote
            }
        }
    }

    private DateTimeOffset Now => time.GetUtcNow();
}
