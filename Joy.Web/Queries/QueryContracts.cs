using System.Text.Json;
using Joy.Application.EventStore;
using Joy.Application.Queries;
using Joy.Application.Queries.Instances;

namespace Joy.Web.Queries;

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

public sealed record InstanceHistory(string Id, long Version, IReadOnlyList<EventView> Events);

public sealed record EventPageView(IReadOnlyList<EventView> Events, string Next, bool HeldBack);

public sealed record InstanceListResponse(IReadOnlyList<InstanceSummary> Items, string? Next);

public sealed record DockerNodeView(
    string Name, string Address, string Image, bool Healthy, string? LastError, DateTimeOffset? LastCheckedAt,
    int MaxRunningJobs, int RunningJobs, double Load, IReadOnlyList<RunOnNode> Running);

public sealed record WaitingTasksView(int Total, IReadOnlyList<WaitingPriorityView> ByPriority);

public sealed record WaitingPriorityView(int Priority, int Count, IReadOnlyList<WaitingRun> Runs);

public sealed record NodeUtilisation(string Node, int MaxRunningJobs, long RunsStarted, long RunningNow, double BusySeconds, double Utilisation);

public sealed record StatisticsView(
    DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    IReadOnlyList<InstanceCount> Instances,
    IReadOnlyDictionary<string, long> InstancesByStatus,
    IReadOnlyList<ActorRunTimes> Actors,
    IReadOnlyList<NodeUtilisation> Nodes);

public sealed record RunSeriesView(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, IReadOnlyList<RunMinute> Minutes);
