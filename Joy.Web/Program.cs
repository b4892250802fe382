using Joy.Application.Blobs;
using Joy.Web.Blobs;
using Joy.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddJoyProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddJoyBlobs(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapBlobs();

app.MapOpenApi();
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint("/openapi/v1.json", "Joy v1");
    options.RoutePrefix = "swagger";
});

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
