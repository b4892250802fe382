using System.Text.Json.Nodes;
using Joy.Domain.Asl;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Asl;

public class intrinsic_functions
{
    private static readonly AslScope Scope = new(
        Json("{'name': 'Ada', 'n': 3, 'list': [1, 2, 3], 'text': '{\\'x\\': 1}', 'csv': 'a,b', 'deep': true}"),
        Json("{'Execution': {'Id': 'i-1'}}"), "seed");

    [Theory]
    [InlineData("States.Format('Hello, {}! n={}', $.name, $.n)", "\"Hello, Ada! n=3\"")]
    [InlineData("States.Format('braces \\{\\} and {}', $$.Execution.Id)", "\"braces {} and i-1\"")]
    [InlineData("States.Array($.name, 1, true, null)", "[\"Ada\",1,true,null]")]
    [InlineData("States.StringToJson($.text)", "{\"x\":1}")]
    [InlineData("States.JsonToString($.list)", "\"[1,2,3]\"")]
    [InlineData("States.ArrayLength($.list)", "3")]
    [InlineData("States.ArrayGetItem($.list, 1)", "2")]
    [InlineData("States.ArrayContains($.list, 3)", "true")]
    [InlineData("States.MathAdd($.n, -1)", "2")]
    [InlineData("States.StringSplit($.csv, ',')", "[\"a\",\"b\"]")]
    [InlineData("States.ArrayLength(States.Array(1, 2))", "2")]
    [InlineData("States.Base64Encode($.name)", "\"QWRh\"")]
    [InlineData("States.ArrayPartition($.list, 2)", "[[1,2],[3]]")]
    [InlineData("States.ArrayRange(1, 9, 4)", "[1,5,9]")]
    [InlineData("States.ArrayUnique(States.Array(1, 1, 'a', 'a'))", "[1,\"a\"]")]
    [InlineData("States.JsonMerge(States.StringToJson($.text), States.StringToJson('{\"y\": 2}'), false)", "{\"x\":1,\"y\":2}")]
    [InlineData("States.Hash($.name, 'SHA-256')", "\"99a563ab2f6e21e96998f9fddd2a2bab82b70ac019579502b8d7fc0032ff62bb\"")]
    public void evaluate_as_in_step_functions(string expression, string expected) =>
        Intrinsics.Evaluate(expression, Scope)!.ToJsonString().ShouldBe(expected);

    [Fact]
    public void json_to_string_returns_the_plain_json_text_without_html_or_unicode_escapes() =>
        Intrinsics.Evaluate("States.JsonToString($.o)", new AslScope(Json("{'o': {'s': 'a<b&c>d', 'e': 'café'}}"), (JsonNode?)null))!
            .GetValue<string>().ShouldBe("{\"s\":\"a<b&c>d\",\"e\":\"café\"}");

    [Theory]
    [InlineData("say \"hi\" \\ now", "\"say \\\"hi\\\" \\\\ now\"")]
    [InlineData("tab\tline\nnul\u0001", "\"tab\\tline\\nnul\\u0001\"")]
    [InlineData("it's 1+1 \u2028 😀 日本", "\"it's 1+1 \u2028 😀 日本\"")]
    public void json_to_string_escapes_only_what_json_requires(string value, string expected)
    {
        var text = Intrinsics.Evaluate("States.JsonToString($.v)", new AslScope(new JsonObject { ["v"] = value }, (JsonNode?)null))!.GetValue<string>();

        text.ShouldBe(expected);
        JsonNode.Parse(text)!.GetValue<string>().ShouldBe(value);
    }

    [Fact]
    public void uuid_is_deterministic_for_the_same_seed_and_differs_per_call()
    {
        var first = new AslScope(null, (JsonNode?)null, "seed");
        var second = new AslScope(null, (JsonNode?)null, "seed");
        var a = Intrinsics.Evaluate("States.UUID()", first)!.GetValue<string>();
        Intrinsics.Evaluate("States.UUID()", second)!.GetValue<string>().ShouldBe(a);
        Intrinsics.Evaluate("States.UUID()", first)!.GetValue<string>().ShouldNotBe(a);
        Guid.TryParse(a, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("States.Format('{} {}', $.name)")]
    [InlineData("States.ArrayLength($.name)")]
    [InlineData("States.StringToJson($.name)")]
    [InlineData("States.Nope(1)")]
    [InlineData("States.Format('x', $.missing)")]
    [InlineData("States.JsonMerge(States.StringToJson($.text), States.StringToJson($.text), true)")]
    [InlineData("States.JsonMerge(States.StringToJson($.text), States.StringToJson($.text), $.deep)")]
    [InlineData("States.JsonMerge(States.StringToJson($.text), States.StringToJson($.text))")]
    public void misuse_fails_with_intrinsic_failure(string expression) =>
        Should.Throw<AslRuntimeException>(() => Intrinsics.Evaluate(expression, Scope)).Error.ShouldBe(AslErrors.IntrinsicFailure);
}

public class payload_templates
{
    [Fact]
    public void replace_dollar_keys_by_paths_and_intrinsics_and_keep_the_rest()
    {
        var template = Json("{'files': {'Main.c.$': '$.blobs.main', 'fixed': 'x'}, 'list': [{'n.$': '$$.Execution.Id'}]}");
        template["msg.$"] = "States.Format('{}!', $.who)";
        var scope = new AslScope(Json("{'blobs': {'main': {'blob': 'abc'}}, 'who': 'me'}"), Json("{'Execution': {'Id': 'i-9'}}"));

        var output = PayloadTemplate.Apply(template, scope)!;

        output.ToJsonString().ShouldBe("{\"files\":{\"Main.c\":{\"blob\":\"abc\"},\"fixed\":\"x\"},\"list\":[{\"n\":\"i-9\"}],\"msg\":\"me!\"}");
    }

    [Fact]
    public void a_path_naming_nothing_fails_with_parameter_path_failure() =>
        Should.Throw<AslRuntimeException>(() => PayloadTemplate.Apply(Json("{'a.$': '$.nope'}"), new AslScope(Json("{}"), (JsonNode?)null)))
            .Error.ShouldBe(AslErrors.ParameterPathFailure);
}
