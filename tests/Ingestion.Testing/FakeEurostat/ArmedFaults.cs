using Ingestion.Testing.FakeUnhcr;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>The faults armed on the fake Eurostat API, each for a number of matching requests, taken first-armed first.</summary>
internal sealed class ArmedFaults
{
    private readonly Lock _gate = new();
    private readonly List<Armed> _armed = [];
    private int _served;

    public int Served => Volatile.Read(ref _served);

    public void Add(FakeFault fault, int times, Func<FakeEurostatRequest, bool>? when)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _armed.Add(new Armed(fault, when ?? (_ => true)) { Remaining = times });
        }
    }

    public FakeFault? Take(FakeEurostatRequest request)
    {
        lock (_gate)
        {
            var armed = _armed.FirstOrDefault(f => f.Remaining > 0 && f.When(request));
            if (armed is null)
            {
                return null;
            }

            armed.Remaining--;
            _served++;
            return armed.Fault;
        }
    }

    private sealed record Armed(FakeFault Fault, Func<FakeEurostatRequest, bool> When)
    {
        public int Remaining { get; set; }
    }
}
