using Joy.Application.EventStore;
using Joy.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Weasel.Core;

namespace Joy.Tests.Store;

/// <summary>
/// Joy's tables are Weasel schema objects that Marten applies at start-up with its own: created on
/// a fresh database, brought up to date on an older one, and stable (nothing left to change after).
/// </summary>
public class creating_the_schema
{
    private static readonly string[] JoyTableNames = JoyTables.For("joy").OfType<Weasel.Postgresql.Tables.Table>()
        .Select(table => table.Identifier.Name).ToArray();

    [Fact]
    public async Task processes_starting_together_create_every_table_and_leave_nothing_to_change()
    {
        await using var database = await TestDatabase.CreateAsync();

        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => StoreFixture.StartHostAsync(database.ConnectionString, _ => { }))));
        try
        {
            (await TablesAsync(database)).ShouldBe(JoyTableNames, ignoreOrder: true);
            await ShouldHaveNothingLeftToChangeAsync(hosts[0]);
            (await ScalarAsync<string>(database, "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'joy.blob_chunks'::regclass AND attname = 'data'"))
                .ShouldBe("e", "blob chunks stored out of line, uncompressed");
            (await ScalarAsync<long>(database, "SELECT count(*) FROM joy.claim_run('nobody', ARRAY['node-1'], 30)")).ShouldBe(0);

            // The comparison is real: an index gone missing is a change to make.
            await ExecuteAsync(database, "DROP INDEX joy.run_queue_waiting");
            var migration = await hosts[0].Services.GetRequiredService<IDocumentStore>().Storage.CreateMigrationAsync();
            migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => d.SchemaObject.Identifier.Name).ShouldBe(["run_queue"]);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    [Fact]
    public async Task a_database_from_the_hand_written_migrator_is_brought_up_to_date_keeping_its_rows()
    {
        await using var database = await TestDatabase.CreateAsync();
        var before = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Store", "schema_before_weasel.sql"));
        await ExecuteAsync(database, "CREATE SCHEMA joy;" + before.Replace("__schema__", "joy", StringComparison.Ordinal));
        await ExecuteAsync(database, """
            INSERT INTO joy.instance_runs (run_id, instance_id, path, attempt, actor, status, requested_at)
            VALUES ('r1', 'i1', 'Compile', 1, 'compiler', 'Succeeded', now());
            INSERT INTO joy.instances (id, name, state_machine_version, status, created_at, idempotency_key)
            VALUES ('i1', 'judge', 1, 'Succeeded', now(), 'k1');
            """);

        using var host = await StoreFixture.StartHostAsync(database.ConnectionString, _ => { });
        try
        {
            (await ScalarAsync<long>(database, "SELECT count(*) FROM joy.instance_runs WHERE run_id = 'r1' AND cpu_time_ms IS NULL AND wall_time_ms IS NULL"))
                .ShouldBe(1, "the row kept, the run-cost columns added");
            await ShouldHaveNothingLeftToChangeAsync(host);
            await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(database, """
                INSERT INTO joy.instances (id, name, state_machine_version, status, created_at, idempotency_key)
                VALUES ('i2', 'judge', 1, 'Running', now(), 'k1')
                """));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void refuses_a_schema_name_that_is_not_a_plain_identifier()
    {
        Should.Throw<InvalidOperationException>(() => new EventStoreOptions { Schema = "joy; DROP TABLE x" }.Validate());
    }

    private static async Task ShouldHaveNothingLeftToChangeAsync(IHost host)
    {
        var migration = await host.Services.GetRequiredService<IDocumentStore>().Storage.CreateMigrationAsync();
        JoyTables.For("joy").Select(o => o.Identifier.Name).Except(migration.Deltas.Select(d => d.SchemaObject.Identifier.Name))
            .ShouldBeEmpty("Joy's objects are part of Marten's migration");
        migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => $"{d.SchemaObject.Identifier}: {d.Difference}")
            .ShouldBeEmpty("the schema matches its declaration after the start-up migration");
    }

    private static async Task<List<string>> TablesAsync(TestDatabase database)
    {
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = source.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'joy' AND table_name NOT LIKE 'mt\\_%' AND table_name NOT LIKE 'wolverine\\_%'");
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
