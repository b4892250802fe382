using Joy.Application.EventStore;
using Joy.Domain;
using Joy.Domain.Definitions;
using Npgsql;

namespace Joy.Application.Definitions;

/// <summary>
/// Keeps "a current state machine only runs existing actors" true under races. DefinitionService
/// checks it before deciding, but an actor deletion and a state machine naming that actor may run
/// at once; here, in each append's transaction, row locks on <c>actors</c> order the two and
/// the loser's append rolls back. Inline only, never replayed: history already obeyed it.
/// </summary>
public sealed class DefinitionGuard(EventStoreOptions options) : IInlineProjection
{
    private readonly string _lockActor = SqlScripts.Get("Definitions/Sql/guard_actor_delete.sql", options.Schema);
    private readonly string _actorUsers = SqlScripts.Get("Definitions/Sql/actor_users.sql", options.Schema);
    private readonly string _actorsExist = SqlScripts.Get("Definitions/Sql/guard_actors_exist.sql", options.Schema);

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            switch (stored.Data)
            {
                case ActorDeleted deleted:
                    await NamesAsync(connection, transaction, _lockActor, deleted.Name, cancellationToken);
                    var users = await NamesAsync(connection, transaction, _actorUsers, deleted.Name, cancellationToken);
                    if (users.Count > 0)
                    {
                        throw new ActorInUseException(deleted.Name, users);
                    }

                    break;
                case StateMachineDefined { StateMachine: var machine }:
                    await RequireActorsAsync(connection, transaction, machine, cancellationToken);
                    break;
                case StateMachineChanged { StateMachine: var machine }:
                    await RequireActorsAsync(connection, transaction, machine, cancellationToken);
                    break;
            }
        }
    }

    private async Task RequireActorsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StateMachineDefinition machine, CancellationToken cancellationToken)
    {
        var referenced = StateMachineActors.Referenced(machine.Definition);
        var existing = await NamesAsync(connection, transaction, _actorsExist, referenced, cancellationToken);
        var gone = referenced.Except(existing, StringComparer.Ordinal).ToList();
        if (gone.Count > 0)
        {
            throw new DefinitionInvalidException(gone
                .Select(name => new ValidationProblem("/definition", $"A Task names actor '{name}', which was deleted meanwhile."))
                .ToList());
        }
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
