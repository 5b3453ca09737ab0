using System.Collections.Concurrent;
using CallCentre.Contracts.Scheduling;

namespace CallCentre.Dashboard.Live;

/// <summary>The latest <see cref="IntradayStaffingUpdated"/> of each tenant.</summary>
public sealed class IntradayBoard
{
    private readonly ConcurrentDictionary<string, IntradayStaffingUpdated> _latest = new(StringComparer.Ordinal);

    /// <summary>False when a later one is already held (a late redelivery, or another Scheduling replica's).</summary>
    public bool Apply(IntradayStaffingUpdated update)
    {
        while (true)
        {
            if (_latest.TryGetValue(update.TenantId, out var held))
            {
                if (held.At > update.At) return false;
                if (_latest.TryUpdate(update.TenantId, update, held)) return true;
            }
            else if (_latest.TryAdd(update.TenantId, update)) return true;
        }
    }

    public IReadOnlyList<IntradayStaffingUpdated> ForTenants(IEnumerable<string> tenants) =>
        [.. tenants.Select(t => _latest.GetValueOrDefault(t)).OfType<IntradayStaffingUpdated>()];

    public void Forget(string tenantId) => _latest.TryRemove(tenantId, out _);
}
