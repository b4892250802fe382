using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Joy.Application.Security;
using Joy.Tests.Infrastructure;
using Npgsql;

namespace Joy.Tests.Security;

/// <summary>
/// The whole service (Alba) over a fresh database, with one API key per role made through the admin API as the
/// bootstrap admin: <c>reader</c>, <c>submitter</c>, <c>operator</c>, <c>admin</c>.
/// </summary>
public class SecuredHost : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly Dictionary<Role, string> _keys = [];

    public IAlbaHost Host { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    protected virtual Dictionary<string, string?> Settings => [];

    public string KeyOf(Role role) => _keys[role];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Host = await JoyApp.StartAsync(new Dictionary<string, string?>(Settings) { ["ConnectionStrings:Joy"] = _database.ConnectionString });
        foreach (var role in Roles.All)
        {
            _keys[role] = await CreateKeyAsync(role.Name(), role);
        }
    }

    /// <summary>A new key made by the bootstrap admin; returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string name, Role role, DateTimeOffset? expiresAt = null)
    {
        using var admin = Host.CreateClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name, role = role.Name(), expiresAt });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!;
    }

    /// <summary>Rows of what a refused request must not touch: events, streams, blobs, keys, schedules, instances, queued runs.</summary>
    public async Task<string> CountWrittenAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT concat_ws(' ',
              'events', (SELECT count(*) FROM joy.mt_events), 'streams', (SELECT count(*) FROM joy.mt_streams),
              'blobs', (SELECT count(*) FROM joy.blobs), 'keys', (SELECT count(*) FROM joy.api_keys WHERE revoked_at IS NULL),
              'schedules', (SELECT count(*) FROM joy.schedules), 'instances', (SELECT count(*) FROM joy.instances),
              'runs', (SELECT count(*) FROM joy.run_queue))
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }
}
