using Joy.Application.EventStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Store;

public class wiring_the_event_store
{
    [Fact]
    public void without_a_connection_string_fails_loudly()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddLogging().AddJoyEventStore(configuration).BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => services.GetRequiredService<IEventStore>())
            .Message.ShouldContain("ConnectionStrings:Joy");
    }

    [Fact]
    public void shares_one_data_source()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Joy"] = "Host=127.0.0.1;Database=x" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddJoyEventStore(configuration).BuildServiceProvider();

        services.GetRequiredService<NpgsqlDataSource>().ShouldBeSameAs(services.GetRequiredService<NpgsqlDataSource>());
        services.GetRequiredService<IEventStore>().ShouldBeSameAs(services.GetRequiredService<MartenEventStore>());
    }
}
