using System.Net;
using Joy.Tests.Store;
using Npgsql;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// A lost race on demand: holds a stream's row in <c>mt_streams</c> locked (the lock Marten's version-checked append takes)
/// while requests that each fetch the stream and append to it are sent, and lets go once all of them wait to append.
/// They all decided on the same version, so all but one lose their first attempt, whatever the machine's speed.
/// </summary>
public static class StreamRace
{
    public static async Task<HttpStatusCode[]> RunAsync(string connectionString, string streamId, int requests,
        Func<Task<HttpResponseMessage>> request)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT version FROM joy.mt_streams WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = streamId });
            (await lockRow.ExecuteScalarAsync()).ShouldNotBeNull($"stream {streamId}");
        }

        var sent = Enumerable.Range(0, requests).Select(_ => Task.Run(async () =>
        {
            using var response = await request();
            return response.StatusCode;
        })).ToList();
        await Eventually.TrueAsync(async () => await AppendsWaitingAsync(connectionString) == requests, TimeSpan.FromSeconds(30),
            $"{requests} requests waiting to append to {streamId}");
        await transaction.CommitAsync();
        return await Task.WhenAll(sent);
    }

    private static async Task<long> AppendsWaitingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' " +
            "AND query ILIKE '%mt_quick_append_events%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
