using Joy.Application.EventStore;
using Joy.Domain;
using Joy.Domain.Instances;

namespace Joy.Application.Instances;

/// <summary>
/// Every event an instance stream holds, registered by its stable name. The list itself lives in
/// <see cref="DomainEventTypes.All"/> (a domain test keeps it complete), so a new instance event
/// cannot be forgotten here.
/// </summary>
public static class InstanceEventTypes
{
    public static void Register(EventTypeMap map)
    {
        foreach (var type in DomainEventTypes.All.Where(type => type.IsAssignableTo(typeof(InstanceEvent))))
        {
            map.Register(type);
        }
    }
}
