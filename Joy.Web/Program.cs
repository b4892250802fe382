using Joy.Application.Blobs;
using Joy.Application.EventStore;
using Joy.Application.Definitions;
using Joy.Application.Instances;
using Joy.Application.Instances.Reactors;
using Joy.Application.Queries;
using Joy.Application.Schedules;
using Joy.Executor;
using Joy.Web.Blobs;
using Joy.Web.Health;
using Joy.Web.Infrastructure;
using Joy.Web.Queries;
using Joy.Web.Telemetry;
using Joy.Web.Security;
using JasperFx;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);
// The local environment's settings file (scripts/env.sh writes it); environment variables and the
// command line are added again after it so they still override it.
if (Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } path)
{
    builder.Configuration.AddJsonFile(path, optional: false);
    builder.Configuration.AddEnvironmentVariables();
    builder.Configuration.AddCommandLine(args);
}

builder.Services.AddJoyProblemDetails();
builder.Services.AddOpenApi(options => options.AddJoySecurity());
builder.Services.AddJoyEventStore(builder.Configuration);
builder.Services.AddJoyBlobs(builder.Configuration);
builder.Services.AddJoyDefinitions(builder.Configuration);
builder.Services.AddJoyExecutor(builder.Configuration);
builder.Services.AddJoyInstances(builder.Configuration);
builder.Services.AddWolverineHttp();
builder.Services.AddDeclaredRequestBodies();
builder.Services.AddJoyReactors(builder.Configuration);
builder.Services.AddJoyQueries(builder.Configuration);
builder.Services.AddJoySchedules();
builder.Services.AddJoyHealth();
builder.AddJoyTelemetry();
builder.AddJoySecurity();

var app = builder.Build();
if (RebuildCommand.IsRequested(args))
{
    return await RebuildCommand.RunAsync(app.Services, args, Console.Out);
}

app.UseExceptionHandler();
app.UseStatusCodePages();

app.UseDefaultFiles();
app.UseStaticFiles();
app.UseDashboardLibraries();
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint("/openapi/v1.json", "Joy v1");
    options.RoutePrefix = "swagger";
});
app.UseJoySecurity();

app.MapBlobs();
app.MapJoyWolverineEndpoints();
app.MapEventFeed();

app.MapOpenApi().AllowAnonymous();
app.MapHealth();
app.MapJoyTelemetry();

// `codegen write` (JasperFx's command line) regenerates the handler code that Release builds load
// instead of compiling it at startup. Only then: JasperFx lists every assembly it scans on stdout.
if (args is ["codegen", ..])
{
    return await app.RunJasperFxCommands(args);
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
