using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Joy.Application.Schedules;

/// <summary>
/// Read models of <see cref="ScheduleProjection"/>: each schedule's folded state with its next fire time (what
/// the firing agent asks for), and every tick's fate (a schedule's recent fires).
/// </summary>
internal static class ScheduleTables
{
    public static IEnumerable<ISchemaObject> For(string schema)
    {
        var schedules = new Table(new PostgresqlObjectName(schema, "schedules", SchemaUtils.IdentifierUsage.General));
        schedules.AddColumn("name", "text").AsPrimaryKey();
        schedules.AddColumn("version", "bigint").NotNull();
        schedules.AddColumn("state", "jsonb").NotNull();
        schedules.AddColumn("deleted", "boolean").NotNull().DefaultValueByExpression("false");
        schedules.AddColumn("paused", "boolean").NotNull().DefaultValueByExpression("false");
        schedules.AddColumn("next_fire_at", "timestamptz").AllowNulls()
            .AddIndex(index => { index.Name = "schedules_next_fire_at"; index.Predicate = "next_fire_at IS NOT NULL"; });
        schedules.AddColumn("buffered", "boolean").NotNull().DefaultValueByExpression("false");
        schedules.AddColumn("created_at", "timestamptz").NotNull();
        schedules.AddColumn("updated_at", "timestamptz").NotNull();
        yield return schedules;

        var fires = new Table(new PostgresqlObjectName(schema, "schedule_fires", SchemaUtils.IdentifierUsage.General));
        fires.AddColumn("name", "text").AsPrimaryKey();
        fires.AddColumn("seq", "bigint").AsPrimaryKey(); // the event's sequence number: newest last
        fires.AddColumn("tick", "timestamptz").NotNull();
        fires.AddColumn("kind", "text").NotNull();
        fires.AddColumn("outcome", "text").NotNull();
        fires.AddColumn("instance_id", "text").AllowNulls();
        fires.AddColumn("reason", "text").AllowNulls();
        fires.AddColumn("count", "integer").NotNull().DefaultValueByExpression("1");
        fires.AddColumn("at", "timestamptz").NotNull();
        yield return fires;
    }
}
