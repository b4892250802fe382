using System.Reflection;
using System.Text.Json;
using Joy.Domain;

namespace Joy.Application.EventStore;

/// <summary>
/// The explicit list of event types the store knows, by their stable <see cref="EventTypeAttribute"/>
/// name. Types are registered one by one (<c>map.Register&lt;InstanceStarted&gt;()</c>); nothing is
/// discovered by scanning assemblies, so what can be stored is visible in one place.
/// Serialization is System.Text.Json with web defaults (camelCase).
/// </summary>
public sealed class EventTypeMap
{
    private readonly Dictionary<string, Type> _typesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _namesByType = [];

    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web);

    public IReadOnlyCollection<string> Names => _typesByName.Keys;

    /// <summary>Every registered type by its stable name.</summary>
    public IEnumerable<(string Name, Type Type)> All => _typesByName.Select(pair => (pair.Key, pair.Value));

    public EventTypeMap Register<TEvent>() where TEvent : class => Register(typeof(TEvent));

    public EventTypeMap Register(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        var name = eventType.GetCustomAttribute<EventTypeAttribute>()?.Name
            ?? throw new ArgumentException(
                $"{eventType.FullName} has no [EventType(\"...\")] attribute; every stored event needs a stable name.",
                nameof(eventType));
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"{eventType.FullName} has an empty [EventType] name.", nameof(eventType));
        }

        lock (_typesByName)
        {
            if (_typesByName.TryGetValue(name, out var existing) && existing != eventType)
            {
                throw new ArgumentException(
                    $"Event type name '{name}' is used by both {existing.FullName} and {eventType.FullName}.",
                    nameof(eventType));
            }

            _typesByName[name] = eventType;
            _namesByType[eventType] = name;
        }

        return this;
    }

    public string NameOf(Type eventType) =>
        _namesByType.TryGetValue(eventType, out var name)
            ? name
            : throw new ArgumentException(
                $"{eventType.FullName} is not registered in the EventTypeMap (register it with AddJoyEventTypes).",
                nameof(eventType));

    public bool TryGetType(string name, out Type eventType) => _typesByName.TryGetValue(name, out eventType!);

    public string Serialize(object data) => JsonSerializer.Serialize(data, data.GetType(), SerializerOptions);

    /// <summary>The registered type, or a <see cref="JsonElement"/> for a name nobody registered.</summary>
    public object Deserialize(string name, string json) =>
        TryGetType(name, out var type)
            ? JsonSerializer.Deserialize(json, type, SerializerOptions)
                ?? throw new InvalidOperationException($"Event of type '{name}' deserialized to null.")
            : JsonSerializer.Deserialize<JsonElement>(json, SerializerOptions);
}
