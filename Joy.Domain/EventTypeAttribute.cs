namespace Joy.Domain;

/// <summary>
/// The stable name an event is stored under (the <c>type</c> column). Renaming the CLR type
/// must never change it, or stored history stops deserializing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
