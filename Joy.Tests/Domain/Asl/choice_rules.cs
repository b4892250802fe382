using Joy.Domain.Asl;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Asl;

public class choice_rules
{
    private static readonly AslScope Scope = new(Json("""
        {'s': 'beta', 'n': 5, 'b': true, 'nul': null, 't': '2026-01-01T12:00:00Z',
         'other': {'s': 'alpha', 'n': 5, 'b': true, 't': '2026-01-02T00:00:00Z'}, 'file': 'log.txt', 'star': 'a*b'}
        """), Json("{}"));

    private static bool Holds(string rule) =>
        ChoiceRules.Evaluate(AslParser.Parse(Json($$$"""
            {'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{{{rule}}}], 'Default': 'D'}, 'D': {'Type': 'Succeed'}, 'N': {'Type': 'Succeed'} } }
            """)).Machine is { } m ? ((ChoiceState)m["C"]).Choices[0].Rule : throw new InvalidOperationException("invalid rule"), Scope);

    [Theory]
    [InlineData("'StringEquals': 'beta'", true)]
    [InlineData("'StringEquals': 'gamma'", false)]
    [InlineData("'StringLessThan': 'gamma'", true)]
    [InlineData("'StringGreaterThan': 'alpha'", true)]
    [InlineData("'StringLessThanEquals': 'beta'", true)]
    [InlineData("'StringGreaterThanEquals': 'gamma'", false)]
    [InlineData("'StringEqualsPath': '$.other.s'", false)]
    [InlineData("'StringGreaterThanPath': '$.other.s'", true)]
    [InlineData("'StringMatches': 'b*a'", true)]
    [InlineData("'StringMatches': 'b*z'", false)]
    public void string_comparisons(string op, bool expected) => Holds($"{{'Variable': '$.s', {op}, 'Next': 'N'}}").ShouldBe(expected);

    [Theory]
    [InlineData("'NumericEquals': 5", true)]
    [InlineData("'NumericEquals': 5.0", true)]
    [InlineData("'NumericLessThan': 5", false)]
    [InlineData("'NumericGreaterThan': 4.5", true)]
    [InlineData("'NumericLessThanEquals': 5", true)]
    [InlineData("'NumericGreaterThanEquals': 6", false)]
    [InlineData("'NumericEqualsPath': '$.other.n'", true)]
    [InlineData("'NumericLessThanPath': '$.other.n'", false)]
    public void numeric_comparisons(string op, bool expected) => Holds($"{{'Variable': '$.n', {op}, 'Next': 'N'}}").ShouldBe(expected);

    [Theory]
    [InlineData("'TimestampEquals': '2026-01-01T12:00:00Z'", true)]
    [InlineData("'TimestampEquals': '2026-01-01T13:00:00+01:00'", true)]
    [InlineData("'TimestampLessThan': '2026-01-01T11:00:00Z'", false)]
    [InlineData("'TimestampGreaterThanEquals': '2026-01-01T12:00:00Z'", true)]
    [InlineData("'TimestampLessThanPath': '$.other.t'", true)]
    public void timestamp_comparisons(string op, bool expected) => Holds($"{{'Variable': '$.t', {op}, 'Next': 'N'}}").ShouldBe(expected);

    [Theory]
    [InlineData("{'Variable': '$.b', 'BooleanEquals': true, 'Next': 'N'}", true)]
    [InlineData("{'Variable': '$.b', 'BooleanEqualsPath': '$.other.b', 'Next': 'N'}", true)]
    [InlineData("{'Variable': '$.nul', 'IsNull': true, 'Next': 'N'}", true)]
    [InlineData("{'Variable': '$.s', 'IsNull': true, 'Next': 'N'}", false)]
    [InlineData("{'Variable': '$.nope', 'IsPresent': true, 'Next': 'N'}", false)]
    [InlineData("{'Variable': '$.nope', 'IsPresent': false, 'Next': 'N'}", true)]
    [InlineData("{'Variable': '$.n', 'IsNumeric': true, 'Next': 'N'}", true)]
    [InlineData("{'Variable': '$.s', 'IsString': true, 'Next': 'N'}", true)]
    [InlineData("{'Variable': '$.n', 'IsBoolean': true, 'Next': 'N'}", false)]
    [InlineData("{'Variable': '$.t', 'IsTimestamp': true, 'Next': 'N'}", true)]
    [InlineData("{'Variable': '$.s', 'IsTimestamp': true, 'Next': 'N'}", false)]
    [InlineData("{'Variable': '$.n', 'StringEquals': '5', 'Next': 'N'}", false)]
    public void boolean_and_type_tests(string rule, bool expected) => Holds(rule).ShouldBe(expected);

    [Theory]
    [InlineData("{'And': [{'Variable': '$.n', 'NumericEquals': 5}, {'Variable': '$.s', 'StringEquals': 'beta'}], 'Next': 'N'}", true)]
    [InlineData("{'And': [{'Variable': '$.n', 'NumericEquals': 5}, {'Variable': '$.s', 'StringEquals': 'x'}], 'Next': 'N'}", false)]
    [InlineData("{'Or': [{'Variable': '$.n', 'NumericEquals': 1}, {'Variable': '$.s', 'StringEquals': 'beta'}], 'Next': 'N'}", true)]
    [InlineData("{'Not': {'Variable': '$.n', 'NumericEquals': 5}, 'Next': 'N'}", false)]
    [InlineData("{'Not': {'Or': [{'Variable': '$.b', 'BooleanEquals': false}]}, 'Next': 'N'}", true)]
    public void and_or_not_combine_rules(string rule, bool expected) => Holds(rule).ShouldBe(expected);

    [Fact]
    public void string_matches_treats_escaped_star_literally()
    {
        Holds("{'Variable': '$.star', 'StringMatches': 'a\\\\*b', 'Next': 'N'}").ShouldBeTrue();
        Holds("{'Variable': '$.file', 'StringMatches': 'a\\\\*b', 'Next': 'N'}").ShouldBeFalse();
    }

    [Fact]
    public void a_comparison_on_a_missing_variable_is_a_runtime_error() =>
        Should.Throw<AslRuntimeException>(() => Holds("{'Variable': '$.nope', 'NumericEquals': 1, 'Next': 'N'}"))
            .Error.ShouldBe(AslErrors.Runtime);
}
