using Joy.Domain;
using Joy.Domain.Definitions;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Definitions;

/// <summary>
/// A state name is unique in the whole state machine, Parallel branches and Map iterators included.
/// Only names within one States object used to be compared.
/// </summary>
public class validating_state_names
{
    private static IReadOnlyList<ValidationProblem> Problems(string states) =>
        DefinitionValidator.Validate(new StateMachineDefinition("m", Json($"{{'StartAt': 'A', 'States': {states}}}")), new HashSet<string> { "work" });

    private static void ShouldListOnly(IReadOnlyList<ValidationProblem> problems, string pointer, string otherPointer)
    {
        var listed = string.Join("\n", problems.Select(p => $"{p.Pointer}: {p.Message}"));
        var problem = problems.ShouldHaveSingleItem(listed);
        problem.Pointer.ShouldBe(pointer, listed);
        problem.Message.ShouldContain($"at {otherPointer}", Case.Sensitive, listed);
    }

    [Fact]
    public void a_branch_state_named_like_a_top_level_state_is_listed_with_both_places() =>
        ShouldListOnly(Problems("""
            {'A': {'Type': 'Parallel', 'Next': 'B', 'Branches': [
                {'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}]},
             'B': {'Type': 'Succeed'}}
            """), "/definition/States/A/Branches/0/States/B", "/definition/States/B");

    [Fact]
    public void an_iterator_state_named_like_a_top_level_state_is_listed_with_both_places() =>
        ShouldListOnly(Problems("""
            {'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}}}
            """), "/definition/States/A/ItemProcessor/States/A", "/definition/States/A");

    [Fact]
    public void states_of_two_branches_with_one_name_are_listed_with_both_places() =>
        ShouldListOnly(Problems("""
            {'A': {'Type': 'Parallel', 'End': true, 'Branches': [
                {'StartAt': 'Run', 'States': {'Run': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}},
                {'StartAt': 'Run', 'States': {'Run': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}]}}
            """), "/definition/States/A/Branches/1/States/Run", "/definition/States/A/Branches/0/States/Run");

    [Fact]
    public void an_iterator_state_named_like_a_state_in_another_branch_is_listed_with_both_places() =>
        ShouldListOnly(Problems("""
            {'A': {'Type': 'Parallel', 'End': true, 'Branches': [
                {'StartAt': 'X', 'States': {'X': {'Type': 'Pass', 'End': true}}},
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true, 'Iterator': {'StartAt': 'X', 'States': {'X': {'Type': 'Pass', 'End': true}}}}}}]}}
            """), "/definition/States/A/Branches/1/States/M/Iterator/States/X", "/definition/States/A/Branches/0/States/X");

    [Fact]
    public void distinct_names_in_branches_and_iterators_have_no_problems() =>
        Problems("""
            {'A': {'Type': 'Parallel', 'Next': 'B', 'Branches': [
                {'StartAt': 'X', 'States': {'X': {'Type': 'Pass', 'End': true}}},
                {'StartAt': 'Y', 'States': {'Y': {'Type': 'Pass', 'End': true}}}]},
             'B': {'Type': 'Map', 'End': true, 'Iterator': {'StartAt': 'Z', 'States': {'Z': {'Type': 'Pass', 'End': true}}}}}
            """).ShouldBeEmpty();
}
