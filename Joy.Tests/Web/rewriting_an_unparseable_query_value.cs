using Joy.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Joy.Tests.Web;

/// <summary>
/// Wolverine's answer to a typed query value that does not parse, rewritten into the validation
/// shape; the routes themselves are tested where they live (blob list, definitions, dead letters).
/// </summary>
public class rewriting_an_unparseable_query_value
{
    [Theory]
    [InlineData("many", typeof(int?), "'many' is not a whole number.")]
    [InlineData("1.5", typeof(int), "'1.5' is not a whole number.")]
    [InlineData("half", typeof(decimal), "'half' is not a number.")]
    [InlineData("yes", typeof(bool), "'yes' is not true or false.")]
    [InlineData("Sometimes", typeof(DayOfWeek?), "'Sometimes' is not one of Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday.")]
    [InlineData("yesterday", typeof(DateTimeOffset), "'yesterday' is not a date and time (ISO 8601, e.g. 2026-11-21T05:00:00Z).")]
    [InlineData("x", typeof(Guid), "'x' is not a valid Guid.")]
    public void a_value_of_the_wrong_type_says_what_was_expected(string value, Type type, string message) =>
        UnparseableQueryProblem.Problem(value, type).ShouldBe(message);

    [Theory]
    [InlineData("42", typeof(int?))]
    [InlineData("-1", typeof(long))]
    [InlineData("1.5", typeof(decimal))]
    [InlineData("True", typeof(bool))]
    [InlineData("friday", typeof(DayOfWeek))]
    [InlineData("2026-11-21T05:00:00Z", typeof(DateTimeOffset))]
    [InlineData("", typeof(int))] // an empty value binds the default, as Wolverine does
    [InlineData(null, typeof(int?))]
    [InlineData("anything", typeof(string))]
    public void a_value_that_parses_absent_or_empty_is_no_problem(string? value, Type type) =>
        UnparseableQueryProblem.Problem(value, type).ShouldBeNull();

    [Fact]
    public void two_values_for_one_number_are_read_as_the_generated_code_reads_them()
    {
        UnparseableQueryProblem.Problem(new StringValues(["1", "2"]), typeof(int)).ShouldBe("'1,2' is not a whole number.");
    }

    [Fact]
    public void each_element_of_a_list_is_checked()
    {
        UnparseableQueryProblem.Problem(new StringValues(["1", "x", "3"]), typeof(int[])).ShouldBe("'x' is not a whole number.");
        UnparseableQueryProblem.Problem(new StringValues(["1", "2"]), typeof(List<int>)).ShouldBeNull();
    }

    [Fact]
    public void wolverines_refusal_becomes_a_validation_problem_naming_the_value()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?page=x");
        var problem = WolverineRefusal("page", "x");

        UnparseableQueryProblem.Rewrite(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });

        problem.Status.ShouldBe(400);
        problem.Title.ShouldBe("One or more validation errors occurred.");
        problem.Type.ShouldBe("https://tools.ietf.org/html/rfc9110#section-15.5.1");
        problem.Detail.ShouldBeNull();
        problem.Extensions.ShouldNotContainKey("parameter");
        var errors = problem.Extensions["errors"].ShouldBeOfType<Dictionary<string, string[]>>();
        errors.Keys.ShouldBe(["page"]);
        errors["page"].Single().ShouldContain("'x'");
    }

    [Fact]
    public void another_problem_is_left_as_it_is()
    {
        var problem = new ProblemDetails { Status = 400, Title = "Bad request", Detail = "Failed to bind" };

        UnparseableQueryProblem.Rewrite(new ProblemDetailsContext { HttpContext = new DefaultHttpContext(), ProblemDetails = problem });

        problem.Title.ShouldBe("Bad request");
        problem.Detail.ShouldBe("Failed to bind");
        problem.Extensions.ShouldNotContainKey("errors");
    }

    /// <summary>What <c>HttpHandler.WriteQueryValueParsingProblem</c> of Wolverine.Http 6.62 writes.</summary>
    private static ProblemDetails WolverineRefusal(string parameter, string value) => new()
    {
        Status = 400,
        Title = "Invalid query string value",
        Detail = $"Query string parameter '{parameter}' has the value '{value}' which cannot be parsed to the expected type int",
        Extensions = { ["parameter"] = parameter },
    };
}
