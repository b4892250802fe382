using Microsoft.Extensions.FileProviders;

namespace Joy.Web.Infrastructure;

/// <summary>
/// Serves the dashboard's npm libraries (uPlot) at /lib from the copy the build placed beside the service
/// (see Joy.Web.csproj): nothing from a CDN, nothing of theirs in the repository.
/// </summary>
public static class DashboardLibraries
{
    public static void UseDashboardLibraries(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "lib");
        if (!Directory.Exists(root))
        {
            app.Logger.LogWarning("The dashboard's libraries are missing ({Root}): build Joy.Web with npm on PATH", root);
            return;
        }

        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = "/lib" });
    }
}
