using System.Text.Json;
using Joy.Application.EventStore;

namespace Joy.Application.Queries;

/// <summary>An event as the audit and feed APIs show it. <c>Position</c> is the resume token.</summary>
public sealed record EventView(
    string Position, string StreamId, string? InstanceId, long Version, string Type,
    object Data, EventMetadata Metadata, DateTimeOffset Time)
{
    private const string InstancePrefix = "instance-";

    public static EventView From(StoredEvent e) => new(
        e.Position.ToString(), e.StreamId,
        e.StreamId.StartsWith(InstancePrefix, StringComparison.Ordinal) ? e.StreamId[InstancePrefix.Length..] : null,
        e.Version, e.Type, e.Data, e.Metadata, e.Timestamp);

    /// <summary>One SSE data line's JSON (the serializer the HTTP responses use: web defaults).</summary>
    public string ToJson(JsonSerializerOptions options) => JsonSerializer.Serialize(this, options);
}
