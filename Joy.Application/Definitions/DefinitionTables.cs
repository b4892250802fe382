using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Joy.Application.Definitions;

/// <summary>
/// Read models of <see cref="DefinitionProjection"/>: the current definition per name, and every
/// version of it, so an instance reads the version it pinned without folding the stream.
/// </summary>
internal static class DefinitionTables
{
    public static IEnumerable<ISchemaObject> For(string schema)
    {
        foreach (var kind in new[] { "actor", "state_machine" })
        {
            var current = new Table(new PostgresqlObjectName(schema, $"{kind}s", SchemaUtils.IdentifierUsage.General));
            current.AddColumn("name", "text").AsPrimaryKey();
            current.AddColumn("version", "bigint").NotNull();
            current.AddColumn("definition", "jsonb").NotNull();
            if (kind == "state_machine")
            {
                // The actors its Tasks name, to refuse deleting one in use.
                current.AddColumn("actors", "text[]").NotNull().DefaultValueByExpression("'{}'::text[]")
                    .AddIndex(index => { index.Name = "state_machines_actors"; index.Method = IndexMethod.gin; });
            }

            current.AddColumn("created_at", "timestamptz").NotNull();
            current.AddColumn("updated_at", "timestamptz").NotNull();
            current.AddColumn("deleted", "boolean").NotNull().DefaultValueByExpression("false");
            yield return current;

            var versions = new Table(new PostgresqlObjectName(schema, $"{kind}_versions", SchemaUtils.IdentifierUsage.General));
            versions.AddColumn("name", "text").AsPrimaryKey();
            versions.AddColumn("version", "bigint").AsPrimaryKey();
            versions.AddColumn("kind", "text").NotNull();
            versions.AddColumn("definition", "jsonb").AllowNulls(); // null for a deletion
            versions.AddColumn("at", "timestamptz").NotNull();
            versions.CheckConstraints.Add(new TableCheckConstraint($"{kind}_versions_kind_check",
                "kind = ANY (ARRAY['defined'::text, 'changed'::text, 'deleted'::text])"));
            yield return versions;
        }
    }
}
