using Joy.Application.Blobs;
using Joy.Application.Definitions;
using Joy.Application.Instances;
using Joy.Application.Queries;
using Joy.Application.Schedules;
using Joy.Application.Security;
using Weasel.Core;
using Weasel.Postgresql;

namespace Joy.Application.EventStore;

/// <summary>
/// Joy's own tables (read models, the run queue and node slots, blobs), each declared with its
/// feature. Marten creates them with its own at start-up and brings an older database up to them
/// (new tables, columns, indexes), under its migration lock (<see cref="MartenSetup"/>).
/// </summary>
public static class JoyTables
{
    public static IEnumerable<ISchemaObject> For(string schema) =>
    [
        .. DefinitionTables.For(schema),
        .. InstanceTables.For(schema),
        .. SummaryTables.For(schema),
        .. BlobTables.For(schema),
        .. ScheduleTables.For(schema),
        .. ApiKeyTables.For(schema),
    ];
}
