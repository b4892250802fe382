using System.Text.Json;
using Joy.Application.EventStore;
using Joy.Application.Projections;
using Joy.Domain;
using Joy.Domain.Definitions;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Definitions;

/// <summary>
/// Keeps <c>actors</c> / <c>state_machines</c> (the current definition per name) and their
/// <c>*_versions</c> tables (every version), inline, in the append's transaction: a definition
/// that was accepted is readable at once. Rebuildable like any async projection.
/// </summary>
public sealed class DefinitionProjection(EventStoreOptions options) : IAsyncProjection
{
    private readonly string _actorSql = SqlScripts.Get("Definitions/Sql/actor_apply.sql", options.Schema);
    private readonly string _stateMachineSql = SqlScripts.Get("Definitions/Sql/state_machine_apply.sql", options.Schema);

    public string Name => "definitions";

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            var (sql, name, kind, definition, at, actors) = stored.Data switch
            {
                ActorDefined e => (_actorSql, e.Actor.Name, "defined", (object?)e.Actor, e.At, (string[]?)null),
                ActorChanged e => (_actorSql, e.Actor.Name, "changed", e.Actor, e.At, null),
                ActorDeleted e => (_actorSql, e.Name, "deleted", null, e.At, null),
                StateMachineDefined e => (_stateMachineSql, e.StateMachine.Name, "defined", e.StateMachine, e.At, StateMachineActors.Referenced(e.StateMachine.Definition)),
                StateMachineChanged e => (_stateMachineSql, e.StateMachine.Name, "changed", e.StateMachine, e.At, StateMachineActors.Referenced(e.StateMachine.Definition)),
                StateMachineDeleted e => (_stateMachineSql, e.Name, "deleted", null, e.At, Array.Empty<string>()),
                _ => default,
            };
            if (sql is null)
            {
                continue; // not a definition event
            }

            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            command.Parameters.Add(new NpgsqlParameter { Value = stored.Version });
            command.Parameters.Add(new NpgsqlParameter { Value = kind });
            command.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Jsonb,
                Value = definition is null ? DBNull.Value : JsonSerializer.Serialize(definition, definition.GetType(), DomainJson.Options),
            });
            command.Parameters.Add(new NpgsqlParameter { Value = at });
            if (actors is not null)
            {
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = actors });
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public IReadOnlyList<string> Tables =>
    [
        $"{options.Schema}.actors", $"{options.Schema}.actor_versions",
        $"{options.Schema}.state_machines", $"{options.Schema}.state_machine_versions",
    ];
}
