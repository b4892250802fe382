using System.Security.Cryptography;
using System.Text;
using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Security;

/// <summary>An API key as an admin sees it: never its secret, only the secret's first characters.</summary>
public sealed record ApiKeyView(
    string Name, string Role, string Prefix, string Status, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>A new key and its secret, which is shown this once and stored only as a hash.</summary>
public sealed record ApiKeyCreated(ApiKeyView Key, string Secret);

/// <summary>What a presented secret turned out to be.</summary>
public abstract record KeyCheck
{
    public sealed record Valid(string Name, Role Role) : KeyCheck;

    public sealed record Unknown : KeyCheck;

    public sealed record Expired(string Name, DateTimeOffset At) : KeyCheck;

    public sealed record Revoked(string Name, DateTimeOffset At) : KeyCheck;
}

/// <summary>
/// Named API keys with a role and an optional expiry (<c>api_keys</c>). A secret is <c>joy_</c> and 32 random
/// bytes, so its SHA-256 is all a lookup needs (a slow password hash guards guessable secrets, which these are not).
/// Every check reads the table: a revoked key is refused by every replica from its next request.
/// </summary>
public sealed class ApiKeys(NpgsqlDataSource dataSource, EventStoreOptions options, TimeProvider time)
{
    public const string SecretPrefix = "joy_";

    /// <summary>The name of the admin key the first start creates.</summary>
    public const string BootstrapName = "bootstrap";

    private const string Columns = "name, role, prefix, created_at, created_by, expires_at, revoked_at, revoked_by";

    private string Table => $"{options.Schema}.api_keys";

    public static string NewSecret() => SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether <paramref name="secret"/> is shaped like a Joy key (other bearer tokens are not).</summary>
    public static bool LooksLikeKey(string secret) => secret.StartsWith(SecretPrefix, StringComparison.Ordinal) && secret.Length >= 24;

    /// <summary>A new key; null when the name is taken (by a live or a revoked key).</summary>
    public async Task<ApiKeyCreated?> CreateAsync(string name, Role role, DateTimeOffset? expiresAt, string createdBy, CancellationToken cancellationToken = default)
    {
        var secret = NewSecret();
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO {Table} (name, role, hash, prefix, created_at, created_by, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING RETURNING {Columns}
            """);
        AddInsertParameters(command, name, role, secret, createdBy, expiresAt);
        var created = await ReadAsync(command, cancellationToken);
        return created.Count == 0 ? null : new ApiKeyCreated(created[0], secret);
    }

    /// <summary>
    /// The first start's admin key: stored only when no key was ever made here (under a lock, so two replicas
    /// starting at once store one). Returns whether it was stored.
    /// </summary>
    public async Task<bool> BootstrapAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('joy.api_keys.bootstrap', 0))", connection, transaction))
        {
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Table} (name, role, hash, prefix, created_at, created_by, expires_at)
            SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM {Table})
            """, connection, transaction);
        AddInsertParameters(command, BootstrapName, Role.Admin, secret, "joy (first start)", null);
        var stored = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM {Table} ORDER BY name");
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Revokes the key (a revoked key stays revoked, at its first revocation); null when there is none of that name.</summary>
    public async Task<ApiKeyView?> RevokeAsync(string name, string revokedBy, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE {Table} SET revoked_at = coalesce(revoked_at, $2), revoked_by = coalesce(revoked_by, $3)
            WHERE name = $1 RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revokedBy });
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<KeyCheck> CheckAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT name, role, expires_at, revoked_at FROM {Table} WHERE hash = $1");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(secret) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new KeyCheck.Unknown();
        }

        var name = reader.GetString(0);
        if (!reader.IsDBNull(3))
        {
            return new KeyCheck.Revoked(name, reader.GetFieldValue<DateTimeOffset>(3));
        }

        if (!reader.IsDBNull(2) && reader.GetFieldValue<DateTimeOffset>(2) is var expiry && expiry <= time.GetUtcNow())
        {
            return new KeyCheck.Expired(name, expiry);
        }

        return Roles.TryParse(reader.GetString(1), out var role) ? new KeyCheck.Valid(name, role) : new KeyCheck.Unknown();
    }

    private void AddInsertParameters(NpgsqlCommand command, string name, Role role, string secret, string createdBy, DateTimeOffset? expiresAt)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role.Name() });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(secret) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = secret[..Math.Min(8, secret.Length)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = createdBy });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)expiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
    }

    private async Task<IReadOnlyList<ApiKeyView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = new List<ApiKeyView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? expiresAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5);
            DateTimeOffset? revokedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6);
            var status = revokedAt is not null ? "revoked" : expiresAt <= now ? "expired" : "active";
            keys.Add(new ApiKeyView(reader.GetString(0), reader.GetString(1), reader.GetString(2), status,
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), expiresAt, revokedAt, reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return keys;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
