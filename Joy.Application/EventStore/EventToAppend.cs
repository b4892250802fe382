namespace Joy.Application.EventStore;

/// <summary>
/// One event to append. Its <see cref="Id"/> makes a retried append idempotent: give the same id
/// again (derive it from the request) and the store recognises the retry instead of duplicating.
/// </summary>
public sealed record EventToAppend(object Data, Guid Id)
{
    public EventToAppend(object data) : this(data, Guid.CreateVersion7())
    {
    }
}
