using Joy.Domain;
using Joy.Domain.Definitions;

namespace Joy.Tests.Definitions;

public class the_judge_example
{
    [Fact]
    public void validates_with_the_domain_validator()
    {
        var actors = JudgeExample.Actors().Select(a => DomainJson.FromNode<ActorDefinition>(a)!).ToList();
        actors.SelectMany(DefinitionValidator.Validate).ShouldBeEmpty();

        var machine = DomainJson.FromNode<StateMachineDefinition>(JudgeExample.StateMachine())!;
        DefinitionValidator.Validate(machine, actors.Select(a => a.Name).ToHashSet()).ShouldBeEmpty();
    }
}
