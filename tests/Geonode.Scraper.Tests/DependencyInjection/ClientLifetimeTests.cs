using Geonode.Scraper.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Geonode.Scraper.Tests.DependencyInjection;

/// <summary>
/// Issue 15, item 6 (DI): <see cref="ScraperClient"/> is <see cref="IDisposable"/>, so a container keeps every transient one
/// it resolves from its root provider alive until it is disposed. The registration must match what the client owns: one
/// client per container. Runs alone (the environment collection is not parallel), so that other tests' allocations do not
/// blur the heap measurement.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ClientLifetimeTests(ITestOutputHelper output)
{
    private const int Resolutions = 10_000;

    [Fact]
    public void GetRequiredService_IScraperClientFromTheRootProvider10000Times_IsOneInstance_AndMemoryStaysFlat()
    {
        // What one client retained by the root provider costs, measured with the registration this replaced (transient).
        var perRetainedClient = RetainedBytesPerClient(transient: true, count: 200);
        var bound = perRetainedClient * Resolutions / 20;
        output.WriteLine($"one retained client: {perRetainedClient:N0} bytes; {Resolutions:N0} would be {perRetainedClient * Resolutions:N0}; bound {bound:N0}");
        bound.Should().BeGreaterThan(1_000_000, "the bound must stand clearly above the measurement's noise");

        using var provider = Provider(transient: false);
        var first = provider.GetRequiredService<IScraperClient>();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var others = 0;
        for (var i = 0; i < Resolutions; i++)
        {
            if (!ReferenceEquals(provider.GetRequiredService<IScraperClient>(), first))
            {
                others++;
            }
        }

        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"growth after {Resolutions:N0} resolutions: {growth:N0} bytes");

        others.Should().Be(0, "the client is one per container");
        growth.Should().BeLessThan(bound, "memory stays flat: 5 % of what retaining every resolved client would cost");
        GC.KeepAlive(first);
    }

    private static long RetainedBytesPerClient(bool transient, int count)
    {
        using var provider = Provider(transient);
        provider.GetRequiredService<IScraperClient>();   // warm up: options, the HTTP client factory, JIT
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            provider.GetRequiredService<IScraperClient>();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (after - before) / count;
    }

    /// <summary>A container as <c>AddGeonodeScraper</c> makes it; with <paramref name="transient"/>, its client registrations
    /// turned transient, as they were before (the same factories).</summary>
    private static ServiceProvider Provider(bool transient)
    {
        var services = new ServiceCollection();
        services.AddGeonodeScraper(o =>
        {
            o.ApiKey = "lifetime-key";
            o.BaseAddress = new Uri("https://api.test/");
        });
        if (transient)
        {
            foreach (var type in new[] { typeof(ScraperClient), typeof(IScraperClient) })
            {
                var singleton = services.Single(d => d.ServiceType == type);
                services.Remove(singleton);
                services.Add(ServiceDescriptor.Transient(type, singleton.ImplementationFactory!));
            }
        }

        return services.BuildServiceProvider();
    }
}
