using Joy.Domain;
using Joy.Domain.Definitions;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Definitions;

public class validating_a_state_machine
{
    private static readonly HashSet<string> Known = ["work", "compile"];

    private static IReadOnlyList<ValidationProblem> Problems(string states, string startAt = "A", string name = "judge") =>
        DefinitionValidator.Validate(new StateMachineDefinition(name, Json($"{{'StartAt': '{startAt}', 'States': {states}}}")), Known);

    private static void ShouldList(IReadOnlyList<ValidationProblem> problems, string pointer, string words) =>
        problems.ShouldContain(p => p.Pointer == pointer && p.Message.Contains(words, StringComparison.OrdinalIgnoreCase),
            string.Join("\n", problems.Select(p => $"{p.Pointer}: {p.Message}")));

    [Fact]
    public void a_valid_definition_has_no_problems() =>
        Problems("{'A': {'Type': 'Task', 'Resource': 'actor:work', 'Next': 'B'}, 'B': {'Type': 'Succeed'}}").ShouldBeEmpty();

    [Fact]
    public void a_timeout_on_a_branch_or_iterator_is_listed_and_one_on_its_tasks_is_not()
    {
        var problems = Problems("""
            {'A': {'Type': 'Parallel', 'Next': 'B', 'Branches': [
                {'StartAt': 'T', 'TimeoutSeconds': 5, 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'TimeoutSeconds': 5, 'End': true}}}]},
             'B': {'Type': 'Map', 'End': true, 'ItemProcessor':
                {'StartAt': 'U', 'TimeoutSeconds': 5, 'States': {'U': {'Type': 'Task', 'Resource': 'actor:work', 'TimeoutSeconds': 5, 'End': true}}}}}
            """);

        problems.Select(p => p.Pointer).Order().ToList().ShouldBe(
            ["/definition/States/A/Branches/0/TimeoutSeconds", "/definition/States/B/ItemProcessor/TimeoutSeconds"],
            customMessage: string.Join("\n", problems.Select(p => $"{p.Pointer}: {p.Message}")));
    }

    [Fact]
    public void a_bad_name_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Succeed'}}", name: "bad name!"), "/name", "name");

    [Fact]
    public void start_at_naming_an_unknown_state_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Succeed'}}", startAt: "Nope"), "/definition/StartAt", "unknown state 'Nope'");

    [Fact]
    public void next_naming_an_unknown_state_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Pass', 'Next': 'Nope'}}"), "/definition/States/A/Next", "unknown state 'Nope'");

    [Fact]
    public void default_naming_an_unknown_state_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'IsPresent': true, 'Next': 'B'}], 'Default': 'Nope'}, 'B': {'Type': 'Succeed'}}"),
            "/definition/States/A/Default", "unknown state 'Nope'");

    [Fact]
    public void an_unreachable_state_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Succeed'}, 'Lonely': {'Type': 'Succeed'}}"), "/definition/States/Lonely", "not reachable");

    [Fact]
    public void a_non_terminal_state_without_next_or_end_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Pass'}}"), "/definition/States/A", "needs Next");

    [Fact]
    public void a_choice_without_choices_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Choice', 'Choices': [], 'Default': 'B'}, 'B': {'Type': 'Succeed'}}"), "/definition/States/A/Choices", "at least one");

    [Fact]
    public void an_unknown_state_type_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Sleep', 'End': true}}"), "/definition/States/A/Type", "Unknown state type 'Sleep'");

    [Fact]
    public void a_resource_that_is_not_an_actor_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Task', 'Resource': 'arn:aws:lambda:x', 'End': true}}"), "/definition/States/A/Resource", "actor:NAME");

    [Fact]
    public void a_task_naming_an_unknown_actor_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Task', 'Resource': 'actor:ghost', 'End': true}}"), "/definition/States/A/Resource", "unknown actor 'ghost'");

    [Theory]
    [InlineData("InputPath", "'a.b'")]
    [InlineData("OutputPath", "'$.a['")]
    [InlineData("ResultPath", "'$$.x'")]
    public void a_bad_reference_path_is_listed(string member, string value) =>
        ShouldList(Problems($"{{'A': {{'Type': 'Task', 'Resource': 'actor:work', 'End': true, '{member}': {value}}}}}"),
            $"/definition/States/A/{member}", member);

    [Fact]
    public void a_parameters_dollar_value_that_is_no_path_or_intrinsic_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Task', 'Resource': 'actor:work', 'End': true, 'Parameters': {'files': {'x.$': 'nope'}, 'y.$': 'States.Nope()'}}}"),
            "/definition/States/A/Parameters/files/x.$", "not a valid path");

    [Theory]
    [InlineData("States.JsonMerge($.a, $.b, true)")]
    [InlineData("States.JsonToString(States.JsonMerge($.a, $.b, true))")]
    public void a_json_merge_asking_for_a_deep_merge_is_listed(string expression) =>
        ShouldList(Problems($"{{'A': {{'Type': 'Pass', 'Parameters': {{'m.$': '{expression}'}}, 'End': true}}}}"),
            "/definition/States/A/Parameters/m.$", "third argument must be false");
}

public class validating_unsupported_fields
{
    [Fact]
    public void a_field_joy_does_not_implement_is_listed_not_ignored()
    {
        var problems = DefinitionValidator.Validate(new StateMachineDefinition("m", Json("""
            {'StartAt': 'A', 'QueryLanguage': 'JSONata', 'States': {
              'A': {'Type': 'Task', 'Resource': 'actor:work', 'HeartbeatSeconds': 5, 'End': true}}}
            """)), new HashSet<string> { "work" });

        problems.Select(p => p.Pointer).ShouldBe(["/definition/QueryLanguage", "/definition/States/A/HeartbeatSeconds"], ignoreOrder: true);
    }
}
