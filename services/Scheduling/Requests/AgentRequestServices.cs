using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Scheduling.Requests;

public static class AgentRequestServices
{
    public static IServiceCollection AddAgentRequests(this IServiceCollection services)
    {
        services.AddOptions<AgentRequestOptions>().BindConfiguration("Scheduling:Requests")
            .Validate(o => o.IntervalMinutes is 15 or 30, "Scheduling:Requests:IntervalMinutes must be 15 or 30.")
            .Validate(o => o.HistoryDays is >= 21 and <= 400, "Scheduling:Requests:HistoryDays must be between 21 and 400.")
            .Validate(o => o.MinRestMinutes >= 0 && o.MaxWeeklyMinutes > 0 && o.MinDaysOffPerWeek is >= 0 and <= 7 && o.MaxTimeOffDays > 0,
                "Scheduling:Requests: the rules must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AgentRequestStore>();
        services.AddSingleton<RequirementForecast>();
        return services;
    }
}
