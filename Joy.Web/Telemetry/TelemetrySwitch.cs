using Joy.Application.Telemetry;

namespace Joy.Web.Telemetry;

/// <summary>
/// Joy:Telemetry:Enabled=false as the SDK's own off switch (OTEL_SDK_DISABLED): the providers then
/// listen to nothing. A configuration source rather than a copy made now, because the settings of a
/// test host or the benchmark arrive after Program has registered the providers.
/// </summary>
internal sealed class TelemetrySwitch(IConfiguration root) : ConfigurationProvider, IConfigurationSource
{
    private const string SdkDisabled = "OTEL_SDK_DISABLED";

    public static void Add(IConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new TelemetrySwitch(configuration));

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override bool TryGet(string key, out string? value)
    {
        value = null;
        if (!string.Equals(key, SdkDisabled, StringComparison.OrdinalIgnoreCase)
            || !bool.TryParse(root[$"{TelemetryOptions.Section}:{nameof(TelemetryOptions.Enabled)}"], out var enabled) || enabled)
        {
            return false;
        }

        value = "true";
        return true;
    }
}
