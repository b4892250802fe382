namespace Joy.Application.EventStore;

/// <summary>
/// Who and what caused an append, stored as jsonb with every event of it: the request's
/// correlation id, the id of the message (command or event) that caused it, the actor (user or
/// service) and free-form headers.
/// </summary>
public sealed record EventMetadata(
    string? CorrelationId = null,
    string? CausationId = null,
    string? Actor = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static EventMetadata Empty { get; } = new();
}
