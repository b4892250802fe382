using Npgsql;

namespace Joy.Web.Health;

/// <summary>Opens a connection with the configured string and runs SELECT 1, within a short timeout.</summary>
public static class DatabaseProbe
{
    public static async Task<DatabaseHealth> CheckAsync(string? connectionString, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new DatabaseHealth(false, "ConnectionStrings:Joy is not configured");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = (int)timeout.TotalSeconds, CommandTimeout = (int)timeout.TotalSeconds };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return new DatabaseHealth(true, null);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or ArgumentException)
        {
            // The message names the host or the auth failure; never the password, never a stack.
            return new DatabaseHealth(false, exception.Message);
        }
    }
}
