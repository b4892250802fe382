using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Domain.Instances;
using Joy.Tests.Domain;
using Joy.Tests.Store;

namespace Joy.Tests.Reactors;

/// <summary>Starting instances straight through the command handler, and reading them back.</summary>
public static class Instances
{
    public const string WaitTwoSeconds = "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 2, 'End': true}}}";

    public static async Task<string> StartAsync(this ReactorHost host, string definition, InstanceOptions? options = null, string input = "{}")
    {
        var id = $"r-{Guid.NewGuid():N}";
        await host.Commands.HandleAsync(id, Build.Start(definition, input, id, options));
        return id;
    }

    public static async Task<IReadOnlyList<InstanceEvent>> EventsAsync(this IEventStore store, string instanceId) =>
        (await store.ReadStreamAsync(InstanceStreams.StreamId(instanceId))).Select(e => e.Data).OfType<InstanceEvent>().ToList();

    /// <summary>The instance folded by the domain's own Evolve, as an auditor would.</summary>
    public static async Task<InstanceState> StateAsync(this IEventStore store, string instanceId) =>
        (await store.AggregateStreamAsync<InstanceState>(InstanceStreams.StreamId(instanceId),
            (state, data) => data is InstanceEvent e ? Interpreter.Evolve(state, e) : state, InstanceState.Initial)).State;

    public static Task UntilAsync(this IEventStore store, string instanceId, Func<IReadOnlyList<InstanceEvent>, bool> condition,
        string what, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(async () => condition(await store.EventsAsync(instanceId)), timeout ?? TimeSpan.FromSeconds(15), what);

    public static Task UntilStatusAsync(this IEventStore store, string instanceId, InstanceStatus status, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(async () => (await store.StateAsync(instanceId)).Status == status, timeout ?? TimeSpan.FromSeconds(15),
            $"instance {instanceId} to be {status}");
}
