using CallCentre.Contracts.Routing;
using MassTransit;

namespace CallCentre.SlaTracking.Webhooks;

/// <summary>Records one delivery per matching webhook and returns: sending is the <see cref="WebhookSender"/>'s, so a slow client
/// never holds up the bus.</summary>
public sealed class WebhookEventConsumer(WebhookStore store, TimeProvider time)
    : IConsumer<CallQueued>, IConsumer<CallOffered>, IConsumer<CallAnswered>, IConsumer<CallTransferred>, IConsumer<CallOverflowed>,
      IConsumer<CallCompleted>, IConsumer<CallAbandoned>, IConsumer<CallWrapUpEnded>, IConsumer<CallbackRequested>,
      IConsumer<CallbackAttempted>
{
    public Task Consume(ConsumeContext<CallQueued> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallOffered> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallAnswered> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallTransferred> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallOverflowed> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallCompleted> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallAbandoned> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallWrapUpEnded> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallbackRequested> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);
    public Task Consume(ConsumeContext<CallbackAttempted> context) => EnqueueAsync(WebhookEvents.Of(context.Message), context.CancellationToken);

    private Task EnqueueAsync(WebhookEvent e, CancellationToken ct) => store.EnqueueAsync(e, time.GetUtcNow(), ct);
}
