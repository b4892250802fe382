using System.Net;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

/// <summary>
/// A deletion racing a state machine that names the actor: exactly one wins, so no current state
/// machine is ever left running a deleted actor.
/// </summary>
public class deleting_an_actor_while_a_state_machine_names_it(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Fact]
    public async Task exactly_one_of_the_two_succeeds()
    {
        using var client = api.CreateClient();
        for (var round = 0; round < 12; round++)
        {
            var actor = $"contested-{round}";
            await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor(actor)), HttpStatusCode.Created);

            using var start = new SemaphoreSlim(0);
            var delete = Task.Run(async () =>
            {
                await start.WaitAsync();
                using var response = await client.DeleteAsync($"/api/v1/Actor/{actor}");
                return response.StatusCode;
            });
            var define = Task.Run(async () =>
            {
                await start.WaitAsync();
                using var response = await client.PutAsync("/api/v1/StateMachine", StateMachine($"user-of-{round}", actor));
                return response.StatusCode;
            });
            start.Release(2);
            var (deleted, defined) = (await delete, await define);

            var outcome = $"round {round}: DELETE {deleted}, PUT {defined}";
            (deleted == HttpStatusCode.NoContent ^ defined == HttpStatusCode.Created).ShouldBeTrue(outcome);
            deleted.ShouldBeOneOf([HttpStatusCode.NoContent, HttpStatusCode.Conflict], outcome);
            defined.ShouldBeOneOf([HttpStatusCode.Created, HttpStatusCode.BadRequest], outcome);
            var machine = await client.GetAsync($"/api/v1/StateMachine/user-of-{round}");
            var stillThere = await client.GetAsync($"/api/v1/Actor/{actor}");
            (machine.StatusCode == HttpStatusCode.OK).ShouldBe(stillThere.StatusCode == HttpStatusCode.OK, outcome);
        }
    }
}
