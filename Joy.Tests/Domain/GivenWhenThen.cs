using System.Text.Json;
using Joy.Domain.Instances;

namespace Joy.Tests.Domain;

/// <summary>
/// Given these events, when this command, then these events: the decider under test is pure, so
/// a scenario is data in, data out. Events are compared as their JSON (with their stable type name).
/// </summary>
public sealed class GivenWhenThen
{
    private readonly List<InstanceEvent> _history = [];

    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<InstanceEvent> History => _history;
    public InstanceState State => Interpreter.Fold(_history);
    public IReadOnlyList<InstanceEvent> Last { get; private set; } = [];

    public GivenWhenThen Given(params IEnumerable<InstanceEvent> events)
    {
        _history.AddRange(events);
        return this;
    }

    /// <summary>Decides against the folded history; the new events join it, so steps chain.</summary>
    public GivenWhenThen When(InstanceCommand command, DateTimeOffset? now = null)
    {
        Last = Interpreter.Decide(command, State, now ?? T0);
        _history.AddRange(Last);
        return this;
    }

    public void Then(params InstanceEvent[] expected) =>
        Last.Select(Describe).ToList().ShouldBe(expected.Select(Describe).ToList());

    public void ThenNothing() => Last.ShouldBeEmpty();

    public T Single<T>() where T : InstanceEvent => Last.OfType<T>().ShouldHaveSingleItem();

    public static string Describe(InstanceEvent e) =>
        e.GetType().Name + " " + JsonSerializer.Serialize(e, e.GetType(), Joy.Domain.DomainJson.Options);
}
