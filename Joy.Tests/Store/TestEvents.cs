using Joy.Application.EventStore;
using Joy.Domain;

namespace Joy.Tests.Store;

[EventType("test.counter-incremented")]
public sealed record CounterIncremented(int Amount);

[EventType("test.counter-renamed")]
public sealed record CounterRenamed(string Name);

public static class TestEvents
{
    public static EventTypeMap Register(EventTypeMap map) =>
        map.Register<CounterIncremented>().Register<CounterRenamed>();

    public static IReadOnlyList<object> Increments(params int[] amounts) => amounts.Select(a => (object)new CounterIncremented(a)).ToList();
}
