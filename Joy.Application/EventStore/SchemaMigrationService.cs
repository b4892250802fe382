using Microsoft.Extensions.Hosting;

namespace Joy.Application.EventStore;

/// <summary>
/// Migrates the schema when the host starts, before it serves anything; a database that cannot
/// be reached or migrated stops the host with the error.
/// </summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
