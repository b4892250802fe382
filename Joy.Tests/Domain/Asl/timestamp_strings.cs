using System.Text.Json.Nodes;
using Joy.Domain.Asl;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Asl;

/// <summary>
/// ASL timestamps are RFC 3339 with an uppercase T and either Z or a numeric offset. A time
/// without a zone used to be read as UTC, and a lowercase t or z was accepted.
/// </summary>
public class timestamp_strings
{
    private static readonly JsonNode Input = Json("""
        {'utc': '2026-01-01T12:00:00Z', 'naive': '2026-01-01T12:00:00', 'lower_t': '2026-01-01t12:00:00Z',
         'lower_z': '2026-01-01T12:00:00z', 'offset': '2026-01-01T13:00:00+01:00', 'fraction': '2026-01-01T12:00:00.250Z'}
        """);

    private static bool Holds(string rule, JsonNode? input = null) =>
        ChoiceRules.Evaluate(AslParser.Parse(Json($$$"""
            {'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{{{rule}}}], 'Default': 'N'}, 'N': {'Type': 'Succeed'} } }
            """)).Machine is { } m ? ((ChoiceState)m["C"]).Choices[0].Rule : throw new InvalidOperationException("invalid rule"),
            new AslScope(input ?? Input, Json("{}")));

    [Theory]
    [InlineData("2026-01-01T12:00:00Z", true)]
    [InlineData("2026-01-01T13:00:00+01:00", true)]
    [InlineData("2026-01-01T07:00:00-05:00", true)]
    [InlineData("2026-01-01T12:00:00.123456789Z", true)]
    [InlineData("2026-01-01T12:00:00", false)]
    [InlineData("2026-01-01t12:00:00Z", false)]
    [InlineData("2026-01-01T12:00:00z", false)]
    [InlineData("2026-01-01 12:00:00Z", false)]
    [InlineData("2026-01-01T12:00Z", false)]
    [InlineData("2026-01-01T12:00:00+0100", false)]
    [InlineData("2026-02-30T12:00:00Z", false)]
    [InlineData("2026-01-01", false)]
    public void are_rfc_3339_with_an_uppercase_t_and_z_or_an_offset(string text, bool expected) =>
        Holds("{'Variable': '$.v', 'IsTimestamp': true, 'Next': 'N'}", new JsonObject { ["v"] = text }).ShouldBe(expected);

    [Theory]
    [InlineData("naive")]
    [InlineData("lower_t")]
    [InlineData("lower_z")]
    public void a_comparison_with_a_value_that_is_no_timestamp_is_false(string field)
    {
        Holds($"{{'Variable': '$.{field}', 'TimestampEqualsPath': '$.utc', 'Next': 'N'}}").ShouldBeFalse();
        Holds($"{{'Variable': '$.utc', 'TimestampLessThanEqualsPath': '$.{field}', 'Next': 'N'}}").ShouldBeFalse();
        Holds($"{{'Variable': '$.{field}', 'TimestampGreaterThanEquals': '2020-01-01T00:00:00Z', 'Next': 'N'}}").ShouldBeFalse();
    }

    [Fact]
    public void a_comparison_reads_offsets_and_fractions() =>
        Holds("{'And': [{'Variable': '$.offset', 'TimestampEqualsPath': '$.utc'}, {'Variable': '$.fraction', 'TimestampGreaterThanPath': '$.utc'}], 'Next': 'N'}")
            .ShouldBeTrue();
}
