using Joy.Application.EventStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Joy.Application.Blobs;

public static class BlobServiceCollectionExtensions
{
    /// <summary>
    /// The blob store, its options (<c>Joy:Blobs</c>) and the collector of abandoned uploads. Adds the
    /// event store unless the host already has: the blob tables (<see cref="BlobTables"/>) are created
    /// with its schema objects, live in its schema, and share its <c>NpgsqlDataSource</c>.
    /// </summary>
    public static IServiceCollection AddJoyBlobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlobOptions>()
            .Bind(configuration.GetSection(BlobOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (!services.Any(d => d.ServiceType == typeof(IEventStore)))
        {
            services.AddJoyEventStore(configuration);
        }

        services.TryAddSingleton<IBlobStore, PostgresBlobStore>();
        services.TryAddSingleton<StagedUploadCollector>();
        services.AddHostedService(provider => provider.GetRequiredService<StagedUploadCollector>());
        return services;
    }
}
