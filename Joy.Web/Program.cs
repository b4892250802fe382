using Joy.Application.EventStore;
using Joy.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// The local environment's settings (scripts/env.sh writes them); environment variables still win.
if (Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } settings)
{
    builder.Configuration.AddJsonFile(settings, optional: false).AddEnvironmentVariables();
}

builder.Services.AddJoyProblemDetails();
builder.Services.AddJoyEventStore(builder.Configuration);
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint("/openapi/v1.json", "Joy v1");
    options.RoutePrefix = "swagger";
});

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
