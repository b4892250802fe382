using Joy.Application.EventStore;
using Joy.Tests.Infrastructure;
using Npgsql;

namespace Joy.Tests.Store;

public class migrating_the_schema
{
    [Fact]
    public async Task concurrently_from_several_processes_applies_each_migration_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = new EventStoreOptions { Schema = "joy_other" };
        // Separate data sources: separate "processes" with their own connections.
        var sources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(sources.Select(source => Task.Run(() => new SchemaMigrator(source, options).MigrateAsync())));
            await new SchemaMigrator(sources[0], options).MigrateAsync(); // and again later: nothing to do

            await using var command = sources[0].CreateCommand("SELECT id FROM joy_other.schema_migrations ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync();
            var applied = new List<string>();
            while (await reader.ReadAsync())
            {
                applied.Add(reader.GetString(0));
            }

            applied.ShouldBe(SqlScripts.Migrations().Select(m => m.Id));
            applied.ShouldContain("0200_instances");
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public void refuses_a_schema_name_that_is_not_a_plain_identifier()
    {
        Should.Throw<InvalidOperationException>(() => new EventStoreOptions { Schema = "joy; DROP TABLE x" }.Validate());
    }
}
