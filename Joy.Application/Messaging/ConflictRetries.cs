using JasperFx;
using Joy.Application.EventStore;
using Marten.Exceptions;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime;
using Wolverine.Runtime.Handlers;

namespace Joy.Application.Messaging;

/// <summary>
/// The one answer to a lost race in Wolverine's aggregate handler workflow: the commit failed because another writer
/// appended at the fetched version first (or started the stream first), so the handler runs again, which fetches and
/// decides anew. An error policy, never a hand-written loop.
/// </summary>
public static class ConflictRetries
{
    /// <summary>
    /// Tries again after a short, growing pause, jittered per process (the losing append fails as soon as the winner
    /// commits, so a few milliseconds are enough); <paramref name="maxAttempts"/> in all before the conflict reaches the caller.
    /// </summary>
    public static void RetryConflicts(this HandlerChain chain, int maxAttempts) =>
        chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>().RetryWithCooldown(
            Enumerable.Range(1, maxAttempts - 1)
                .Select(attempt => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + Math.Min(attempt, 10) * 10)))
                .ToArray());

    /// <summary>
    /// Invokes a decision inline and answers its response; a race lost on every attempt reaches the caller as Joy's
    /// conflict on <paramref name="streamId"/>, as for any stream.
    /// </summary>
    public static Task<T> InvokeDecisionAsync<T>(this IWolverineRuntime runtime, object decision, string streamId, CancellationToken cancellationToken) =>
        TranslatingConflicts(streamId, () => new MessageBus(runtime).InvokeAsync<T>(decision, cancellationToken));

    /// <summary>As <see cref="InvokeDecisionAsync{T}"/>, for a decision that answers nothing.</summary>
    public static Task InvokeDecisionAsync(this IWolverineRuntime runtime, object decision, string streamId, CancellationToken cancellationToken) =>
        TranslatingConflicts(streamId, async () =>
        {
            await new MessageBus(runtime).InvokeAsync(decision, cancellationToken);
            return true;
        });

    private static async Task<T> TranslatingConflicts<T>(string streamId, Func<Task<T>> invoke)
    {
        try
        {
            return await invoke();
        }
        catch (Exception conflict) when (conflict is ConcurrencyException or ExistingStreamIdCollisionException) // what RetryConflicts retries
        {
            throw new WrongExpectedVersionException(streamId, ExpectedVersion.Any, -1, conflict);
        }
    }
}
