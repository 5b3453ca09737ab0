using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Tests;

/// <summary>Queues for engine tests: the centre file's defaults, named after their id.</summary>
internal static class TestQueues
{
    public static QueueConfiguration Queue(string id, string tenant, IReadOnlyDictionary<string, int> skills, int priority = 5,
        int wrapUpSeconds = 0, int offerTimeoutSeconds = 15) =>
        new(id, tenant, id, "", "", skills, priority, WrapUpSeconds: wrapUpSeconds, OfferTimeoutSeconds: offerTimeoutSeconds);
}
