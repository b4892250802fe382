using System.Net;
using Joy.Domain;
using Joy.Domain.Definitions;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

public class the_judge_example(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Fact]
    public void validates_with_the_domain_validator()
    {
        var actors = JudgeExample.Actors().Select(a => DomainJson.FromNode<ActorDefinition>(a)!).ToList();
        actors.SelectMany(DefinitionValidator.Validate).ShouldBeEmpty();

        var machine = DomainJson.FromNode<StateMachineDefinition>(JudgeExample.StateMachine())!;
        DefinitionValidator.Validate(machine, actors.Select(a => a.Name).ToHashSet()).ShouldBeEmpty();
    }

    [Fact]
    public async Task loads_through_the_service_and_reads_back()
    {
        using var client = api.CreateClient();
        foreach (var actor in JudgeExample.Actors())
        {
            await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Json(actor.ToJsonString())), HttpStatusCode.Created);
        }

        await ShouldBeAsync(await client.PutAsync("/api/v1/StateMachine", Json(JudgeExample.StateMachine().ToJsonString())), HttpStatusCode.Created);

        var judge = await ShouldBeAsync(await client.GetAsync("/api/v1/StateMachine/judge"), HttpStatusCode.OK);
        judge.GetProperty("definition").GetProperty("StartAt").GetString().ShouldBe("Compile");
        var run = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/judge-run"), HttpStatusCode.OK);
        run.GetProperty("script").GetString()!.ShouldBe(File.ReadAllText(Path.Combine(JudgeExample.Directory, "scripts", "run.sh")));
        run.GetProperty("limitation").GetProperty("ulimits").GetArrayLength().ShouldBe(2);

        // Its actors are now in use.
        var problem = await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/judge-compile"), HttpStatusCode.Conflict);
        problem.GetProperty("stateMachines")[0].GetString().ShouldBe("judge");
    }
}
