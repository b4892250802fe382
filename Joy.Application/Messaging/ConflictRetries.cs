using JasperFx;
using Marten.Exceptions;
using Wolverine.ErrorHandling;
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

    /// <summary>What <see cref="RetryConflicts"/> retries: the exception a caller sees once every attempt lost.</summary>
    public static bool IsConflict(Exception exception) => exception is ConcurrencyException or ExistingStreamIdCollisionException;
}
