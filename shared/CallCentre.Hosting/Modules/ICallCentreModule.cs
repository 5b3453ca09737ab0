using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Hosting.Modules;

public interface ICallCentreModule
{
    /// <summary>As <c>--modules</c> spells it.</summary>
    string Name { get; }

    /// <summary>Left out of <c>--modules all</c>: runs only when named (it needs something outside the platform).</summary>
    bool OptIn => false;

    void AddServices(IHostApplicationBuilder builder);

    void AddConsumers(IBusRegistrationConfigurator bus) { }

    /// <summary>Runs before authentication (static pages).</summary>
    void UsePipeline(IApplicationBuilder app) { }

    void MapEndpoints(IEndpointRouteBuilder app) { }
}
