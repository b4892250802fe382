using System.Net;
using System.Net.Http.Json;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

/// <summary>Every validation rule reaches the client as a 400 naming the problem, and nothing is stored.</summary>
public class sending_an_invalid_definition(DefinitionsApi api) : IClassFixture<DefinitionsApi>, IAsyncLifetime
{
    private (long Events, long Versions) _before;

    public async Task InitializeAsync()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Actor", Actor("work"));
        put.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        _before = await api.CountStoredAsync();
    }

    public async Task DisposeAsync() => (await api.CountStoredAsync()).ShouldBe(_before);

    private async Task<(string Pointer, string Message)[]> ProblemsAsync(string resource, string body)
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync($"/api/v1/{resource}", Json(body));
        (await ShouldBeAsync(response, HttpStatusCode.BadRequest)).GetProperty("status").GetInt32().ShouldBe(400);
        var errors = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        return errors.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(m => (p.Name, m.GetString()!))).ToArray();
    }

    private static string Machine(string states, string startAt = "A", string name = "bad-machine") =>
        $"{{'name': '{name}', 'definition': {{'StartAt': '{startAt}', 'States': {states}}}}}";

    [Theory]
    [InlineData("unknown Next", "{'A': {'Type': 'Pass', 'Next': 'Nope'}}", "/definition/States/A/Next", "unknown state")]
    [InlineData("unknown StartAt", "{'B': {'Type': 'Succeed'}}", "/definition/StartAt", "unknown state")]
    [InlineData("unreachable state", "{'A': {'Type': 'Succeed'}, 'Lonely': {'Type': 'Succeed'}}", "/definition/States/Lonely", "not reachable")]
    [InlineData("missing End", "{'A': {'Type': 'Pass'}}", "/definition/States/A", "Next")]
    [InlineData("unknown actor", "{'A': {'Type': 'Task', 'Resource': 'actor:ghost', 'End': true}}", "/definition/States/A/Resource", "ghost")]
    [InlineData("bad path", "{'A': {'Type': 'Task', 'Resource': 'actor:work', 'InputPath': 'a.b', 'End': true}}", "/definition/States/A/InputPath", "InputPath")]
    [InlineData("States.ALL not last",
        "{'A': {'Type': 'Task', 'Resource': 'actor:work', 'End': true, 'Retry': [{'ErrorEquals': ['States.ALL']}, {'ErrorEquals': ['X']}]}}",
        "/definition/States/A/Retry/0/ErrorEquals", "last")]
    public async Task a_state_machine_breaking_a_rule_is_400_naming_it(string rule, string states, string pointer, string words)
    {
        var startAt = rule == "unknown StartAt" ? "Nope" : "A";
        var problems = await ProblemsAsync("StateMachine", Machine(states, startAt));
        problems.ShouldContain(p => p.Pointer == pointer && p.Message.Contains(words, StringComparison.OrdinalIgnoreCase),
            rule + ": " + string.Join("; ", problems));
    }

    [Fact]
    public async Task a_bad_name_is_400() =>
        (await ProblemsAsync("StateMachine", Machine("{'A': {'Type': 'Succeed'}}", name: "bad name!"))).Select(p => p.Pointer).ShouldBe(["/name"]);

    [Fact]
    public async Task an_actor_with_both_command_and_script_is_400() =>
        (await ProblemsAsync("Actor", "{'name': 'both', 'command': ['ls'], 'script': 'ls'}")).Select(p => p.Pointer).ShouldBe(["/command"]);

    [Fact]
    public async Task an_actor_with_a_bad_name_is_400() =>
        (await ProblemsAsync("Actor", "{'name': '-bad/name', 'script': 'ls'}")).Select(p => p.Pointer).ShouldBe(["/name"]);

    [Fact]
    public async Task a_definition_with_several_problems_lists_them_all()
    {
        var problems = await ProblemsAsync("StateMachine", Machine(
            "{'A': {'Type': 'Task', 'Resource': 'actor:ghost', 'Next': 'Nope', 'OutputPath': '$.a['}, 'Lonely': {'Type': 'Pass'}}",
            name: "bad name!"));
        string[] expected = ["/definition/States/A/Next", "/definition/States/A/OutputPath", "/definition/States/A/Resource", "/definition/States/Lonely", "/name"];
        problems.Select(p => p.Pointer).Distinct().Order().ToArray().ShouldBe(expected, string.Join("; ", problems));

        var actorProblems = await ProblemsAsync("Actor",
            "{'name': 'bad name', 'image': 'has space', 'outputs': ['/abs'], 'limitation': {'memory': 1}}");
        actorProblems.Select(p => p.Pointer).Order().ShouldBe(["/command", "/image", "/limitation/memory", "/name", "/outputs/0"]);
    }

    [Fact]
    public async Task bad_time_limits_are_400_each_listed()
    {
        var problems = await ProblemsAsync("Actor",
            "{'name': 'timed', 'script': 'true', 'limitation': {'cpuTimeLimitMs': -5, 'executionTimeout': 0, 'pidsLimit': 0}}");

        problems.Select(p => p.Pointer).Order().ShouldBe(["/limitation/cpuTimeLimitMs", "/limitation/executionTimeout", "/limitation/pidsLimit"]);
        problems.ShouldContain(("/limitation/cpuTimeLimitMs", "cpuTimeLimitMs must be at least 1."));
    }

    [Fact]
    public async Task a_cpu_time_limit_that_is_not_an_integer_is_400() =>
        (await ProblemsAsync("Actor", "{'name': 'timed', 'script': 'true', 'limitation': {'cpuTimeLimitMs': 'soon'}}"))
            .Select(p => p.Pointer).ShouldBe(["/limitation/cpuTimeLimitMs"]);
}
