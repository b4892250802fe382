using Joy.Application.EventStore;
using Joy.Domain.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace Joy.Application.Schedules;

public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Cron schedules: their event types, the inline projection (tables from <see cref="ScheduleTables"/>), the use
    /// cases and the firing agent (one process of all fires; <c>Joy:Schedules</c>). Needs definitions and instances.
    /// </summary>
    public static IServiceCollection AddJoySchedules(this IServiceCollection services)
    {
        services.AddJoyEventTypes(map => map
            .Register<ScheduleDefined>().Register<ScheduleChanged>().Register<SchedulePaused>().Register<ScheduleResumed>()
            .Register<ScheduleDeleted>().Register<ScheduleTickFired>().Register<ScheduleTickSkipped>().Register<ScheduleTickBuffered>()
            .Register<ScheduleTickFailed>().Register<ScheduleTicksMissed>());
        services.AddJoyInlineProjection<ScheduleProjection>();
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduleQueries>();
        services.TryAddSingleton<ScheduleValidation>();
        services.TryAddSingleton<ScheduleService>();
        services.AddSingularAgent<ScheduleFiringAgent>();
        return services;
    }
}
