using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Joy.Domain.Schedules;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Joy.Application.Schedules;

public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Cron schedules: their event types, the inline projection (tables from <see cref="ScheduleTables"/>), the inline
    /// snapshot each decision is fetched from (<see cref="ScheduleAggregate"/>, Marten's <see cref="FoldedSchedule"/> documents), the use
    /// cases with the Wolverine handlers they invoke (<see cref="ScheduleDecisions"/>, <see cref="ScheduleFiring"/>) and
    /// the firing agent (one process of all fires; <c>Joy:Schedules</c>). Needs definitions and instances.
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
        services.AddJoyHandler(typeof(ScheduleDecisions)).AddJoyHandler(typeof(ScheduleFiring));
        services.ConfigureMarten(marten => marten.Projections.Add(new ScheduleAggregate(), ProjectionLifecycle.Inline));
        services.AddHostedService<ScheduleSnapshots>();
        // Wolverine logs every failed attempt of an inline invocation as an error; a conflict that is decided again is
        // routine, and a refusal reaches the caller as the exception.
        services.AddLogging(logging => logging
            .AddFilter(typeof(DecideSchedule).FullName, LogLevel.None)
            .AddFilter(typeof(FireScheduleTick).FullName, LogLevel.None)
            .AddFilter(typeof(RecordMissedTicks).FullName, LogLevel.None));
        services.AddSingularAgent<ScheduleFiringAgent>();
        return services;
    }
}
