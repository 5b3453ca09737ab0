using CallCentre.Contracts.Routing;
using CallCentre.Telephony.Kamailio;
using CallCentre.Telephony.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCentre.Browser.Tests;

/// <summary>Kamailio forgets the softphone's contact when it restarts (its WebSocket died); the desk registers again by itself.</summary>
public sealed partial class SoftphoneTests
{
    private int ControlConnections()
    {
        using var reader = new StreamReader(new FileStream(edge.KamailioLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd().Split("control connection from").Length - 1;
    }

    [Fact]
    public async Task KamailioRestarted_TheDeskSoftphoneRegistersAgainByItself_AndAnswers()
    {
        using var platform = await PlatformAsync();
        var kamailio = platform.Services.GetRequiredService<KamailioControl>();
        var (desk, phone) = await RegisteredDeskAsync(platform);
        var before = Assert.Single(edge.Registrations("agent01"));

        var connections = ControlConnections();
        await edge.RestartKamailioAsync();

        // JsSIP reconnects (2 to 30 s later) and registers again: a new contact, not the one Kamailio dropped at start.
        var again = await TestInfrastructure.EventuallyAsync(() => Task.FromResult(edge.Registrations("agent01").SingleOrDefault()),
            "the desk's softphone to register again", TimeSpan.FromSeconds(45));
        Assert.Contains("transport=ws", again.Contact, StringComparison.Ordinal);
        Assert.NotEqual(before.Ruid, again.Ruid);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(ControlConnections() > connections && kamailio.Connected ? "connected" : null),
            "the module to connect to the restarted Kamailio");
        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "registered");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#agent-state")).ToHaveTextAsync("Disponible");

        await using var caller = Sipp.Start("caller.xml", SipEdge.FreePort(),
            [$"127.0.0.1:{edge.SipPort}", "-s", Number, "-key", "caller", "0612345678", "-mp", SipEdge.FreePort().ToString(), "-d", "2000"]);

        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "ringing", new() { Timeout = 30_000 });
        await desk.GetByRole(AriaRole.Button, new() { Name = "Décrocher" }).ClickAsync();
        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "incall");
        await caller.SucceedsAsync(TimeSpan.FromSeconds(30), "the caller");
        await Assertions.Expect(phone).ToHaveAttributeAsync("data-state", "registered");
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal("agent01", completed.AgentId);
    }
}
