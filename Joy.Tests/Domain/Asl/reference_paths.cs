using System.Text.Json.Nodes;
using Joy.Domain.Asl;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Asl;

public class reference_paths
{
    private static readonly JsonNode Input = Json("{'a': {'b': 1}, 'list': [10, 20], 'outputs': {'Main.out': {'blob': 'x'}}}");
    private static readonly JsonNode Context = Json("{'Execution': {'Id': 'i-1'}, 'Map': {'Item': {'Index': 2, 'Value': 'v'}}}");

    [Theory]
    [InlineData("$", "{\"a\":{\"b\":1},\"list\":[10,20],\"outputs\":{\"Main.out\":{\"blob\":\"x\"}}}")]
    [InlineData("$.a.b", "1")]
    [InlineData("$.list[1]", "20")]
    [InlineData("$.outputs['Main.out'].blob", "\"x\"")]
    [InlineData("$.outputs[\"Main.out\"]", "{\"blob\":\"x\"}")]
    [InlineData("$$.Execution.Id", "\"i-1\"")]
    [InlineData("$$.Map.Item.Index", "2")]
    public void select_the_node_they_name(string path, string expected) =>
        JsonPath.Select(path, Input, Context)!.ToJsonString().ShouldBe(expected);

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.list[5]")]
    [InlineData("$.a.b.c")]
    public void naming_nothing_fails_with_a_runtime_error(string path) =>
        Should.Throw<AslRuntimeException>(() => JsonPath.Select(path, Input, Context)).Error.ShouldBe(AslErrors.Runtime);

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.")]
    [InlineData("$.a[x]")]
    [InlineData("$.a['unterminated")]
    [InlineData("$.a[*]")]
    public void malformed_paths_are_rejected(string path) => JsonPath.IsValid(path).ShouldBeFalse();

    [Fact]
    public void a_result_path_writes_into_a_copy_creating_objects_on_the_way()
    {
        var output = JsonPath.Set(Input, "$.results.compile", JsonValue.Create(7));
        output!["results"]!["compile"]!.GetValue<int>().ShouldBe(7);
        output["a"]!["b"]!.GetValue<int>().ShouldBe(1);
        Input["results"].ShouldBeNull();
    }

    [Fact]
    public void a_result_path_of_dollar_replaces_the_input() =>
        JsonPath.Set(Input, "$", JsonValue.Create("r"))!.ToJsonString().ShouldBe("\"r\"");

    [Fact]
    public void a_result_path_through_a_scalar_fails_with_result_path_match_failure() =>
        Should.Throw<AslRuntimeException>(() => JsonPath.Set(Input, "$.a.b.c", JsonValue.Create(1)))
            .Error.ShouldBe(AslErrors.ResultPathMatchFailure);

    [Fact]
    public void a_result_path_can_write_an_array_element() =>
        JsonPath.Set(Input, "$.list[0]", JsonValue.Create(5))!["list"]!.ToJsonString().ShouldBe("[5,20]");
}
