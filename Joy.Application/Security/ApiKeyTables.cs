using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Joy.Application.Security;

/// <summary>
/// API keys: a name, a role, the SHA-256 of the secret (never the secret) and its life. A revoked key keeps its
/// row, so a name is never reused and the first start's bootstrap knows keys were made here before.
/// </summary>
internal static class ApiKeyTables
{
    public static IEnumerable<ISchemaObject> For(string schema)
    {
        var keys = new Table(new PostgresqlObjectName(schema, "api_keys", SchemaUtils.IdentifierUsage.General));
        keys.AddColumn("name", "text").AsPrimaryKey();
        keys.AddColumn("role", "text").NotNull();
        keys.AddColumn("hash", "bytea").NotNull().AddIndex(index => { index.Name = "api_keys_hash"; index.IsUnique = true; });
        keys.AddColumn("prefix", "text").NotNull();
        keys.AddColumn("created_at", "timestamptz").NotNull();
        keys.AddColumn("created_by", "text").NotNull();
        keys.AddColumn("expires_at", "timestamptz").AllowNulls();
        keys.AddColumn("revoked_at", "timestamptz").AllowNulls();
        keys.AddColumn("revoked_by", "text").AllowNulls();
        yield return keys;
    }
}
