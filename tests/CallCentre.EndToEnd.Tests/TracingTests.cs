using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Traces are recorded only when an OTLP collector is configured to receive them.</summary>
public sealed class TracingTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public void WithoutACollector_NoTracerProvider_WithOne_TracesAreRecordedForIt()
    {
        Assert.Null(_platform.Services.GetService<TracerProvider>());

        using var traced = _platform.WithWebHostBuilder(b => b.UseSetting("OpenTelemetry:OtlpEndpoint", "http://127.0.0.1:4317"));
        Assert.NotNull(traced.Services.GetService<TracerProvider>());
    }

    public void Dispose() => _platform.Dispose();
}
