using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Joy.Bench;

/// <summary>A throwaway database on the local environment's PostgreSQL, dropped on dispose.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private BenchDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        Name = name;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Reads <c>ConnectionStrings:Joy</c> from the environment's settings file (JOY_CONFIG) and the environment.</summary>
    public static async Task<BenchDatabase> CreateAsync()
    {
        var settings = Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetEnvironmentVariable("JOY_STATE_DIR") is { Length: > 0 } dir ? dir : "/var/lib/joy-dev", "joy.settings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(settings, optional: true).AddEnvironmentVariables().Build();
        var admin = configuration.GetConnectionString("Joy")
            ?? throw new InvalidOperationException($"ConnectionStrings:Joy is not set ({settings} missing?): run `bash scripts/env.sh up`.");

        var database = new BenchDatabase(admin, $"joy_bench_{Guid.NewGuid():N}");
        await database.ExecuteAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
