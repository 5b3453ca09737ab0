using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Hosting.Modules;

/// <summary>A module of the platform (Routing, Scheduling, SlaTracking, Dashboard, Simulator) as the Host sees it.</summary>
public interface ICallCentreModule
{
    /// <summary>The lower-case name used by <c>--modules</c>, e.g. <c>routing</c>.</summary>
    string Name { get; }

    void AddServices(IHostApplicationBuilder builder);

    void AddConsumers(IBusRegistrationConfigurator bus) { }

    /// <summary>Adds middleware that runs before authentication (static pages).</summary>
    void UsePipeline(IApplicationBuilder app) { }

    void MapEndpoints(IEndpointRouteBuilder app) { }
}
