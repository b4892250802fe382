using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Joy.Application.Blobs;

public static class BlobServiceCollectionExtensions
{
    /// <summary>
    /// The blob store, its options (<c>Joy:Blobs</c>) and the collector of abandoned uploads. Needs
    /// <c>AddJoyEventStore</c>: the tables come from its migrations (<c>Blobs/Schema/0400_blobs.sql</c>)
    /// and live in its schema. Uses the one <see cref="NpgsqlDataSource"/> of the process, built from
    /// <c>ConnectionStrings:Joy</c> unless another registration made it first.
    /// </summary>
    public static IServiceCollection AddJoyBlobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlobOptions>()
            .Bind(configuration.GetSection(BlobOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Resolved lazily so test hosts can override the connection string; a missing one fails at
        // startup, when the migrator asks for the data source.
        services.TryAddSingleton(provider =>
        {
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString("Joy");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "ConnectionStrings:Joy is not configured. Set it in configuration (JOY_CONFIG's settings file " +
                    "or the environment variable ConnectionStrings__Joy).");
            }

            return NpgsqlDataSource.Create(connectionString);
        });

        services.TryAddSingleton<IBlobStore, PostgresBlobStore>();
        services.TryAddSingleton<StagedUploadCollector>();
        services.AddHostedService(provider => provider.GetRequiredService<StagedUploadCollector>());
        return services;
    }
}
