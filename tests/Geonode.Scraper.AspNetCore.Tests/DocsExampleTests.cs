using DocsExamples;
using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.AspNetCore.Tests;

/// <summary>The README's and PACKAGE.md's examples of webhook-accelerated waits, run: what a reader copies works.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public async Task RegisterOnce_CreatesTheWebhookOnce_KeepsTheStoredSecret_RotatesALostOne()
    {
        await using var emulator = await ScraperEmulator.StartAsync();
        using var client = new ScraperClient(new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress });

        var created = await WebhookRegistrationExample.RegisterOnce(client, storedSecret: null);
        var kept = await WebhookRegistrationExample.RegisterOnce(client, storedSecret: created);
        var rotated = await WebhookRegistrationExample.RegisterOnce(client, storedSecret: null);

        created.Should().StartWith("whsec_");
        kept.Should().Be(created);
        rotated.Should().StartWith("whsec_").And.NotBe(created);
        (await client.ListWebhooksAsync()).Items.Should().ContainSingle();
    }

    [Fact]
    public async Task BusJobCompletionSignal_NotifyPublishes_AndThePublishedMessageWakesTheLocalWaits()
    {
        var published = new List<string>();
        var signal = new WebhookRegistrationExample.BusJobCompletionSignal(id =>
        {
            published.Add(id);
            return Task.CompletedTask;
        });
        var woken = 0;
        using var subscription = signal.Subscribe("job-1", () => woken++);

        await signal.NotifyAsync("job-1");
        var wokenBeforeTheBus = woken;
        await signal.OnPublished(published.Single());

        wokenBeforeTheBus.Should().Be(0, "the receiver's machine is woken by the bus like every other");
        woken.Should().Be(1);
    }
}
