using System.Text.Json;
using Joy.Application.EventStore;
using Joy.Domain;
using Npgsql;

namespace Joy.Application.Definitions;

/// <summary>Reads the definition projections (<see cref="DefinitionProjection"/>): current, any version, all.</summary>
public sealed class DefinitionQueries(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private readonly string _knownActors = SqlScripts.Get("Definitions/Sql/known_actors.sql", options.Schema);
    private readonly string _actorUsers = SqlScripts.Get("Definitions/Sql/actor_users.sql", options.Schema);

    /// <summary>The definition at <paramref name="version"/>, or the current one; null when unknown, deleted, or that version is a deletion.</summary>
    public async Task<DefinitionRecord<T>?> GetAsync<T>(DefinitionKind kind, string name, int? version, CancellationToken cancellationToken = default)
    {
        var records = await QueryAsync<T>(version is null ? Sql(kind, "current.sql") : Sql(kind, "version.sql"),
            version is null ? [name] : [name, (long)version.Value], cancellationToken);
        return records.SingleOrDefault();
    }

    /// <summary>Every current (not deleted) definition of the kind, by name.</summary>
    public Task<IReadOnlyList<DefinitionRecord<T>>> ListAsync<T>(DefinitionKind kind, CancellationToken cancellationToken = default) =>
        QueryAsync<T>(Sql(kind, "all.sql"), [], cancellationToken);

    /// <summary>The actor names a state machine may run now.</summary>
    public async Task<IReadOnlySet<string>> KnownActorsAsync(CancellationToken cancellationToken = default) =>
        (await NamesAsync(_knownActors, null, cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The current state machines whose Tasks run <paramref name="actor"/>.</summary>
    public Task<IReadOnlyList<string>> StateMachinesUsingAsync(string actor, CancellationToken cancellationToken = default) =>
        NamesAsync(_actorUsers, actor, cancellationToken);

    private string Sql(DefinitionKind kind, string file) =>
        SqlScripts.Get("Definitions/Sql/" + file, options.Schema).Replace("__kind__", kind.TablePrefix, StringComparison.Ordinal);

    private async Task<IReadOnlyList<DefinitionRecord<T>>> QueryAsync<T>(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var records = new List<DefinitionRecord<T>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var definition = JsonSerializer.Deserialize<T>(reader.GetString(0), DomainJson.Options)
                ?? throw new InvalidOperationException("A stored definition is null.");
            records.Add(new DefinitionRecord<T>(
                definition, checked((int)reader.GetInt64(1)), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return records;
    }

    private async Task<IReadOnlyList<string>> NamesAsync(string sql, string? parameter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
