using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Core;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace Joy.Application.Messaging;

/// <summary>
/// A message Wolverine gave up on: a callback whose last attempt failed or whose host is refused, or
/// any message that kept failing. <see cref="Message"/> is its body as JSON.
/// </summary>
public sealed record DeadLetter(
    Guid Id,
    string MessageType,
    JsonNode? Message,
    string ExceptionType,
    string ExceptionMessage,
    DateTimeOffset SentAt,
    DateTimeOffset? FailedAt,
    bool Replayable,
    int ReplayCount);

public sealed record DeadLetterPage(int Total, int Page, int PageSize, IReadOnlyList<DeadLetter> Items);

/// <summary>Lists Wolverine's dead letters and sends one back to its handler (the admin endpoints).</summary>
public sealed class DeadLetters(IMessageStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Newest first; <paramref name="messageType"/> filters by Wolverine's message type name.</summary>
    public async Task<DeadLetterPage> ListAsync(int page, int pageSize, string? messageType, CancellationToken cancellationToken)
    {
        var query = new DeadLetterEnvelopeQuery(TimeRange.AllTime()) { PageNumber = page, PageSize = pageSize, MessageType = messageType };
        var results = await store.DeadLetters.QueryAsync(query, cancellationToken);
        return new DeadLetterPage(results.TotalCount, page, pageSize, results.Envelopes.Select(ToDeadLetter).ToList());
    }

    public async Task<DeadLetter?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await store.DeadLetters.DeadLetterEnvelopeByIdAsync(id, null!) is { } envelope ? ToDeadLetter(envelope) : null;

    /// <summary>Marks it for replay: Wolverine moves it back to its queue, and its handler runs again.</summary>
    public async Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return false;
        }

        await store.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([id]), cancellationToken);
        return true;
    }

    private static DeadLetter ToDeadLetter(DeadLetterEnvelope dead) => new(
        dead.Id,
        dead.MessageType,
        Body(dead),
        dead.ExceptionType,
        dead.ExceptionMessage,
        dead.SentAt,
        dead.FailedAt,
        dead.Replayable,
        dead.ReplayCount);

    private static JsonNode? Body(DeadLetterEnvelope dead) => (dead.Message ?? dead.Envelope?.Message) switch
    {
        { } message => JsonSerializer.SerializeToNode(message, message.GetType(), Json),
        null => dead.Envelope?.Data is { Length: > 0 } data ? JsonNode.Parse(data) : null,
    };
}
