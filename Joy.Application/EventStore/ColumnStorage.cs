using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Joy.Application.EventStore;

/// <summary>
/// A column's TOAST storage strategy (<c>ALTER TABLE ... SET STORAGE</c>), which Weasel's tables do
/// not model: checked against <c>pg_attribute</c> and set when it differs. List it after its table.
/// </summary>
public sealed class ColumnStorage(DbObjectName table, string column, char strategy) : ISchemaObject
{
    /// <summary>Out of line, never compressed.</summary>
    public const char External = 'e';

    private static readonly Dictionary<char, string> Keywords = new()
    {
        ['p'] = "PLAIN", ['e'] = "EXTERNAL", ['m'] = "MAIN", ['x'] = "EXTENDED",
    };

    public DbObjectName Identifier { get; } = new PostgresqlObjectName(table.Schema, $"{table.Name}_{column}_storage", SchemaUtils.IdentifierUsage.General);

    public IEnumerable<DbObjectName> AllNames() => [Identifier];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
        writer.WriteLine($"ALTER TABLE {table.QualifiedName} ALTER COLUMN {column} SET STORAGE {Keywords[strategy]};");

    /// <summary>The strategy is a property of the column: nothing to drop.</summary>
    public void WriteDropStatement(Migrator migrator, TextWriter writer)
    {
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder) =>
        builder.Append($"SELECT a.attstorage::text FROM pg_attribute a WHERE a.attrelid = to_regclass('{table.QualifiedName}') AND a.attname = '{column}';");

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        var actual = await reader.ReadAsync(ct) ? await reader.GetFieldValueAsync<string>(0, ct) : null;
        return new Delta(this, actual == strategy.ToString() ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }

    private sealed class Delta(ColumnStorage storage, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => storage;

        public SchemaPatchDifference Difference => difference;

        public void WriteUpdate(Migrator rules, TextWriter writer) => storage.WriteCreateStatement(rules, writer);

        public void WriteRollback(Migrator rules, TextWriter writer)
        {
        }

        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer)
        {
        }
    }
}
