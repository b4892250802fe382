using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Joy.Application.Security;

/// <summary>
/// Nothing is open by default: on a first start (no key ever made) the admin key in
/// <see cref="ApiKeyOptions.BootstrapKeyFile"/> becomes the key <c>bootstrap</c>, the file written first when it is
/// missing. Runs after Marten has created the tables (it is registered after the store).
/// </summary>
public sealed partial class ApiKeyBootstrap(ApiKeys keys, IOptions<ApiKeyOptions> options, ILogger<ApiKeyBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.BootstrapKeyFile is not { Length: > 0 } file)
        {
            if ((await keys.ListAsync(cancellationToken)).Count == 0)
            {
                NoBootstrapFile(logger);
            }

            return;
        }

        var secret = ReadOrWrite(file);
        if (await keys.BootstrapAsync(secret, cancellationToken))
        {
            Bootstrapped(logger, ApiKeys.BootstrapName, file);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The file's key; a new one written when the file is missing (two processes at once: the second reads the first's).</summary>
    public static string ReadOrWrite(string file)
    {
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the owner's only
                }

                using var stream = new FileStream(file, create);
                using var writer = new StreamWriter(stream);
                writer.WriteLine(ApiKeys.NewSecret());
            }
            catch (IOException) when (File.Exists(file))
            {
                // Written meanwhile by another process: read that one.
            }
        }

        var secret = File.ReadAllText(file).Trim();
        return ApiKeys.LooksLikeKey(secret)
            ? secret
            : throw new InvalidOperationException(
                $"{ApiKeyOptions.Section}:BootstrapKeyFile {file} does not hold a Joy key (joy_ and at least 20 more characters).");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Joy:Auth:BootstrapKeyFile is not set and no API key exists: nobody can call the API. Set it and restart to create an admin key.")]
    private static partial void NoBootstrapFile(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "First start: the admin key '{Name}' was created; its secret is in {File} (readable by its owner only).")]
    private static partial void Bootstrapped(ILogger logger, string name, string file);
}
