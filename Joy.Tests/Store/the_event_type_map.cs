using System.Text.Json;
using Joy.Application.EventStore;
using Joy.Domain;

namespace Joy.Tests.Store;

public class the_event_type_map
{
    private sealed record NotAnnotated(int X);

    [EventType("test.counter-incremented")]
    private sealed record SameNameAgain(int X);

    [Fact]
    public void stores_events_under_their_stable_name_as_camel_case_json()
    {
        var map = TestEvents.Register(new EventTypeMap());

        map.NameOf(typeof(CounterIncremented)).ShouldBe("test.counter-incremented");
        map.Serialize(new CounterRenamed("x")).ShouldBe("""{"name":"x"}""");
        map.Deserialize("test.counter-renamed", """{"name":"x"}""").ShouldBe(new CounterRenamed("x"));
    }

    [Fact]
    public void refuses_a_type_without_a_stable_name()
    {
        Should.Throw<ArgumentException>(() => new EventTypeMap().Register<NotAnnotated>()).Message.ShouldContain("EventType");
    }

    [Fact]
    public void refuses_two_types_with_one_name()
    {
        var map = TestEvents.Register(new EventTypeMap());
        Should.Throw<ArgumentException>(() => map.Register<SameNameAgain>()).Message.ShouldContain("test.counter-incremented");
    }

    [Fact]
    public void refuses_to_serialize_an_unregistered_type()
    {
        Should.Throw<ArgumentException>(() => new EventTypeMap().NameOf(typeof(CounterRenamed)));
    }

    [Fact]
    public void reads_an_unknown_name_as_raw_json()
    {
        var data = new EventTypeMap().Deserialize("someone.else", """{"a":1}""");
        data.ShouldBeOfType<JsonElement>().GetProperty("a").GetInt32().ShouldBe(1);
    }
}
