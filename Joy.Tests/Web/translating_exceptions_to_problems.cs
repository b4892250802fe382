using System.Text.Json;
using Joy.Application.Blobs;
using Joy.Application.EventStore;
using Joy.Web.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Joy.Tests.Web;

/// <summary>The one error policy, as a pure mapping from exception to ProblemDetails.</summary>
public class translating_exceptions_to_problems
{
    [Fact]
    public void an_unexpected_exception_is_a_500_that_reveals_nothing_of_it()
    {
        var problem = JoyExceptionHandler.Translate(new InvalidOperationException("connection string Password=secret"));
        problem.Status.ShouldBe(500);
        JsonSerializer.Serialize(problem).ShouldNotContain("secret");
        JsonSerializer.Serialize(problem).ShouldNotContain("InvalidOperationException");
    }

    [Fact]
    public void a_wrong_expected_version_is_a_409_naming_stream_and_versions()
    {
        var problem = JoyExceptionHandler.Translate(new WrongExpectedVersionException("instance-1", ExpectedVersion.Exact(3), 5));
        problem.Status.ShouldBe(409);
        problem.Extensions["streamId"].ShouldBe("instance-1");
        problem.Extensions["actualVersion"].ShouldBe(5L);
    }

    [Fact]
    public void kestrels_body_too_large_and_an_oversize_blob_are_413()
    {
        JoyExceptionHandler.Translate(new BadHttpRequestException("Request body too large.", 413)).Status.ShouldBe(413);
        JoyExceptionHandler.Translate(new BlobTooLargeException(10)).Status.ShouldBe(413);
    }

    [Fact]
    public void unreadable_json_is_a_400_validation_problem_at_its_path()
    {
        var json = new JsonException("The JSON value could not be converted to System.Int64.", "$.timeStamp", 0, 12);
        var problem = JoyExceptionHandler.Translate(new BadHttpRequestException("Failed to read parameter", 400, json));
        var validation = problem.ShouldBeOfType<HttpValidationProblemDetails>();
        validation.Status.ShouldBe(400);
        validation.Errors.Keys.ShouldBe(["$.timeStamp"]);
        validation.Errors["$.timeStamp"].Single().ShouldNotContain("System.Int64");
    }
}
