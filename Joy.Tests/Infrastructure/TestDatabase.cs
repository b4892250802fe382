using Npgsql;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database on the real local server, dropped on dispose, so tests never share
/// state. Use as a class fixture (<c>IClassFixture&lt;TestDatabase&gt;</c>) or create one per test.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public string Name { get; } = $"joy_test_{Guid.NewGuid():N}";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestEnvironment.ConnectionString)
    {
        Database = Name,
    }.ConnectionString;

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        return database;
    }

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
