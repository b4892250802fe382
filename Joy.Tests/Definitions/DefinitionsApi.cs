using System.Net;
using System.Text;
using System.Text.Json;
using Joy.Tests.Blobs;
using Npgsql;

namespace Joy.Tests.Definitions;

/// <summary>
/// The real service over its own fresh database (the blob tests' fixture), with what the
/// definition tests ask of it: JSON bodies, problem checks, and counts to prove nothing was stored.
/// </summary>
public sealed class DefinitionsApi : BlobApi
{
    /// <summary>Definition events and version rows: an error must leave both as they were.</summary>
    public async Task<(long Events, long Versions)> CountStoredAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM joy.mt_events WHERE stream_id <> 'mt_tombstone'), " +
            "(SELECT count(*) FROM joy.actor_versions) + (SELECT count(*) FROM joy.state_machine_versions)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Single quotes become double quotes, so JSON reads well inside C# strings.</summary>
    public static StringContent Json(string json) => new(json.Replace('\'', '"'), Encoding.UTF8, "application/json");

    public static StringContent Actor(string name, string extra = "'script': 'echo hi'") => Json($"{{'name': '{name}', {extra}}}");

    /// <summary>A one-Task state machine running <paramref name="actor"/>.</summary>
    public static StringContent StateMachine(string name, string actor) => Json(
        $"{{'name': '{name}', 'definition': {{'StartAt': 'A', 'States': {{'A': {{'Type': 'Task', 'Resource': 'actor:{actor}', 'End': true}}}}}}}}");

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await TestBytes.JsonAsync(response);

    public static async Task<JsonElement> ShouldBeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        if ((int)status >= 400)
        {
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            text.ShouldNotContain("Exception");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The JSON pointers of a 400's <c>errors</c>.</summary>
    public static async Task<string[]> ProblemPointersAsync(HttpResponseMessage response) =>
        (await ShouldBeAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
}
