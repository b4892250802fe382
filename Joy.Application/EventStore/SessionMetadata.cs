using Marten;

namespace Joy.Application.EventStore;

/// <summary>Joy's <see cref="EventMetadata"/> in Marten's metadata columns of every event a session appends.</summary>
public static class SessionMetadata
{
    public static void Describe(this EventMetadata metadata, IDocumentSession session)
    {
        session.CorrelationId = metadata.CorrelationId;
        session.CausationId = metadata.CausationId;
        session.LastModifiedBy = metadata.Actor;
        foreach (var (key, value) in metadata.Headers ?? new Dictionary<string, string>())
        {
            session.SetHeader(key, value);
        }
    }
}
