using Joy.Domain;
using Joy.Domain.Definitions;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Definitions;

public class validating_error_handling_and_nested_machines
{
    private static IReadOnlyList<ValidationProblem> Problems(string states) =>
        DefinitionValidator.Validate(new StateMachineDefinition("m", Json($"{{'StartAt': 'A', 'States': {states}}}")), new HashSet<string> { "work" });

    private static void ShouldList(IReadOnlyList<ValidationProblem> problems, string pointer, string words) =>
        problems.ShouldContain(p => p.Pointer == pointer && p.Message.Contains(words, StringComparison.OrdinalIgnoreCase),
            string.Join("\n", problems.Select(p => $"{p.Pointer}: {p.Message}")));

    private static string Task(string extra) => $"{{'A': {{'Type': 'Task', 'Resource': 'actor:work', 'End': true, {extra}}}, 'B': {{'Type': 'Pass', 'End': true}}}}";

    [Fact]
    public void states_all_not_last_is_listed() =>
        ShouldList(Problems(Task("'Retry': [{'ErrorEquals': ['States.ALL']}, {'ErrorEquals': ['X']}], 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'B'}]")),
            "/definition/States/A/Retry/0/ErrorEquals", "last");

    [Fact]
    public void states_all_not_alone_is_listed() =>
        ShouldList(Problems(Task("'Catch': [{'ErrorEquals': ['States.ALL', 'X'], 'Next': 'B'}]")),
            "/definition/States/A/Catch/0/ErrorEquals", "alone");

    [Theory]
    [InlineData("IntervalSeconds", "0")]
    [InlineData("MaxAttempts", "-1")]
    [InlineData("BackoffRate", "0.5")]
    [InlineData("MaxDelaySeconds", "0")]
    public void retry_fields_out_of_range_are_listed(string member, string value) =>
        ShouldList(Problems(Task($"'Retry': [{{'ErrorEquals': ['X'], '{member}': {value}}}], 'Catch': [{{'ErrorEquals': ['Y'], 'Next': 'B'}}]")),
            $"/definition/States/A/Retry/0/{member}", member);

    [Fact]
    public void a_catch_without_next_is_listed() =>
        ShouldList(Problems(Task("'Catch': [{'ErrorEquals': ['X']}]")), "/definition/States/A/Catch/0/Next", "required");

    [Fact]
    public void a_negative_max_concurrency_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Map', 'MaxConcurrency': -1, 'End': true, 'ItemProcessor': {'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}}}}"),
            "/definition/States/A/MaxConcurrency", "at least 0");

    [Fact]
    public void problems_inside_a_map_are_listed_with_their_nested_path() =>
        ShouldList(Problems("{'A': {'Type': 'Map', 'End': true, 'Iterator': {'StartAt': 'X', 'States': {'X': {'Type': 'Task', 'Resource': 'actor:ghost', 'Next': 'Y'}}}}}"),
            "/definition/States/A/Iterator/States/X/Next", "unknown state 'Y'");

    [Fact]
    public void problems_inside_a_parallel_branch_are_listed_with_their_nested_path() =>
        ShouldList(Problems("{'A': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}}, {'StartAt': 'Y', 'States': {'Y': {'Type': 'Task', 'Resource': 'actor:ghost', 'End': true}}}]}}"),
            "/definition/States/A/Branches/1/States/Y/Resource", "unknown actor 'ghost'");

    [Theory]
    [InlineData("")]
    [InlineData("'Seconds': 1, 'Timestamp': '2026-01-01T00:00:00Z', ")]
    public void a_wait_with_zero_or_several_time_fields_is_listed(string fields) =>
        ShouldList(Problems($"{{'A': {{'Type': 'Wait', {fields}'End': true}}}}"), "/definition/States/A", "exactly one");

    [Theory]
    [InlineData("{'A': {'Type': 'Wait', 'Timestamp': '2026-01-01T00:00:00', 'End': true}}", "/definition/States/A/Timestamp")]
    [InlineData("{'A': {'Type': 'Wait', 'Timestamp': '2026-01-01t00:00:00Z', 'End': true}}", "/definition/States/A/Timestamp")]
    [InlineData("{'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.t', 'TimestampEquals': '2026-01-01T00:00:00z', 'Next': 'B'}], 'Default': 'B'}, 'B': {'Type': 'Succeed'}}",
        "/definition/States/A/Choices/0/TimestampEquals")]
    public void a_timestamp_without_a_zone_or_with_a_lowercase_t_or_z_is_listed(string states, string pointer) =>
        ShouldList(Problems(states), pointer, "RFC 3339");

    [Fact]
    public void a_fail_with_cause_and_cause_path_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Fail', 'Cause': 'x', 'CausePath': '$.c'}}"), "/definition/States/A", "Cause or CausePath");

    [Fact]
    public void a_choice_rule_with_a_mistyped_operand_is_listed() =>
        ShouldList(Problems("{'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.x', 'NumericEquals': 'one', 'Next': 'B'}], 'Default': 'B'}, 'B': {'Type': 'Succeed'}}"),
            "/definition/States/A/Choices/0/NumericEquals", "number");

    [Fact]
    public void a_definition_with_several_problems_lists_every_one()
    {
        var problems = DefinitionValidator.Validate(new StateMachineDefinition("bad name", Json("""
            {'StartAt': 'A', 'States': {
              'A': {'Type': 'Task', 'Resource': 'actor:ghost', 'Next': 'Nope', 'InputPath': 'x'},
              'B': {'Type': 'Pass'},
              'C': {'Type': 'Map', 'MaxConcurrency': -2, 'End': true, 'Iterator': {'StartAt': 'Z', 'States': {'X': {'Type': 'Succeed'}}}}}}
            """), new Limitation(Memory: 10)), new HashSet<string>());

        problems.Select(p => p.Pointer).ShouldBe([
            "/name",
            "/definition/States/A/Resource",
            "/definition/States/A/InputPath",
            "/definition/States/B",
            "/definition/States/C/Iterator/StartAt",
            "/definition/States/C/MaxConcurrency",
            "/definition/States/A/Next",
            "/definition/States/B",
            "/definition/States/C",
            "/limitation/memory",
        ], ignoreOrder: true);
    }
}

public class validating_a_map_with_old_and_new_names
{
    [Fact]
    public void item_selector_and_parameters_together_are_listed() =>
        DefinitionValidator.Validate(new StateMachineDefinition("m", Json("""
            {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true, 'ItemSelector': {}, 'Parameters': {},
              'ItemProcessor': {'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}}, 'Iterator': {'StartAt': 'X', 'States': {'X': {'Type': 'Succeed'}}}}}}
            """)), new HashSet<string>()).Select(p => p.Pointer).ShouldBe(["/definition/States/M/Iterator", "/definition/States/M/Parameters"]);
}
