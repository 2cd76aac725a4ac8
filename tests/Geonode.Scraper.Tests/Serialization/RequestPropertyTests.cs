using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper.Tests.Serialization;

/// <summary>Every request model written with the SDK's JSON context reads back equal: nothing the caller sets is lost,
/// renamed or mangled on the way to the wire (values include unknown vocabulary, Unicode, quotes and empty strings).</summary>
public sealed class RequestPropertyTests
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Elements("", "x", "https://example.org/a?b=c&d=\"e\"", "Grüße, 日本語 \u2028 \\ \t", "#product-grid > li:nth-child(2)", "<script>"),
        ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => new string(s.Get.Where(c => !char.IsSurrogate(c)).ToArray())));

    private static readonly Gen<string?> MaybeText = Gen.OneOf(Gen.Constant<string?>(null), Text.Select(s => (string?)s));

    private static readonly Gen<bool?> MaybeBool = Gen.Elements<bool?>(null, true, false);

    private static readonly Gen<int?> MaybeInt = Gen.OneOf(Gen.Constant<int?>(null), ArbMap.Default.GeneratorFor<int>().Select(i => (int?)i));

    private static readonly Gen<IReadOnlyList<OutputFormat>?> Formats = Gen.OneOf(
        Gen.Constant<IReadOnlyList<OutputFormat>?>(null),
        Gen.ListOf(Gen.OneOf(Gen.Elements(OutputFormat.Markdown, OutputFormat.Html), Text.Select(s => new OutputFormat(s)))).Select(l => (IReadOnlyList<OutputFormat>?)l.ToList()));

    private static readonly Gen<ProxySettings?> Proxy = Gen.OneOf(
        Gen.Constant<ProxySettings?>(null),
        from country in MaybeText
        from type in Gen.Elements<ProxyType?>(null, ProxyType.Residential, ProxyType.Datacenter, ProxyType.Mix, new ProxyType("isp"))
        select (ProxySettings?)new ProxySettings { Country = country, Type = type });

    private static readonly Gen<WaitConfig?> Wait = Gen.OneOf(
        Gen.Constant<WaitConfig?>(null),
        from until in Gen.Elements<WaitUntil?>(null, WaitUntil.Commit, WaitUntil.DomContentLoaded, WaitUntil.Load, WaitUntil.NetworkIdle)
        from selector in MaybeText
        from timeout in MaybeInt
        select (WaitConfig?)new WaitConfig { WaitUntil = until, WaitFor = selector, WaitTimeout = timeout });

    private static readonly Gen<IReadOnlyDictionary<string, string>?> Headers = Gen.OneOf(
        Gen.Constant<IReadOnlyDictionary<string, string>?>(null),
        Gen.ListOf(Gen.Zip(Text, Text)).Select(pairs => (IReadOnlyDictionary<string, string>?)pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2)));

    private static readonly Gen<ProcessingMode?> Mode = Gen.Elements<ProcessingMode?>(null, ProcessingMode.Sync, ProcessingMode.Async);

    [Property(MaxTest = 150)]
    public Property ExtractRequest_RoundTrips() => RoundTrip(
        from url in Text
        from formats in Formats
        from renderJs in MaybeBool
        from mode in Mode
        from proxy in Proxy
        from headers in Headers
        from wait in Wait
        from links in MaybeBool
        select new ExtractRequest { Url = url, Formats = formats, RenderJs = renderJs, ProcessingMode = mode, Proxy = proxy, Headers = headers, WaitConfig = wait, ExtractLinks = links },
        ScraperJsonContext.Default.ExtractRequest);

    [Property(MaxTest = 150)]
    public Property BatchRequest_RoundTrips() => RoundTrip(
        from urls in Gen.NonEmptyListOf(Text)
        from ignore in ArbMap.Default.GeneratorFor<bool>()
        from formats in Formats
        from renderJs in MaybeBool
        from proxy in Proxy
        from headers in Headers
        from wait in Wait
        from links in MaybeBool
        from mode in Mode
        select new BatchRequest { Urls = urls.ToList(), IgnoreInvalidUrls = ignore, Formats = formats, RenderJs = renderJs, Proxy = proxy, Headers = headers, WaitConfig = wait, ExtractLinks = links, ProcessingMode = mode },
        ScraperJsonContext.Default.BatchRequest);

    [Property(MaxTest = 150)]
    public Property CrawlRequest_RoundTrips() => RoundTrip(
        from url in Text
        from depth in MaybeInt
        from limit in MaybeInt
        from sameDomain in MaybeBool
        from subdomains in MaybeBool
        from formats in Formats
        from renderJs in MaybeBool
        from proxy in Proxy
        from wait in Wait
        select new CrawlRequest { Url = url, Depth = depth, Limit = limit, SameDomainOnly = sameDomain, IncludeSubdomains = subdomains, Formats = formats, RenderJs = renderJs, Proxy = proxy, WaitConfig = wait },
        ScraperJsonContext.Default.CrawlRequest);

    [Property(MaxTest = 100)]
    public Property MapAndSearchRequests_RoundTrip() => Prop.ForAll(
        (from url in Text
         from search in MaybeText
         from subdomains in MaybeBool
         from ignoreQuery in MaybeBool
         from query in Text
         from locale in MaybeText
         from page in MaybeInt
         from safe in Gen.Elements<SearchSafety?>(null, SearchSafety.Off, SearchSafety.Moderate, SearchSafety.Strict)
         from range in MaybeText
         select (new MapRequest { Url = url, Search = search, IncludeSubdomains = subdomains, IgnoreQueryParameters = ignoreQuery },
                 new SearchRequest { Query = query, Locale = locale, Page = page, Safe = safe, TimeRange = range })).ToArbitrary(),
        pair =>
        {
            ReadBack(pair.Item1, ScraperJsonContext.Default.MapRequest).Should().BeEquivalentTo(pair.Item1, o => o.ComparingRecordsByMembers());
            ReadBack(pair.Item2, ScraperJsonContext.Default.SearchRequest).Should().BeEquivalentTo(pair.Item2, o => o.ComparingRecordsByMembers());
        });

    [Property(MaxTest = 100)]
    public Property WebhookRequests_RoundTrip() => Prop.ForAll(
        (from url in Text
         from type in Gen.OneOf(Gen.Elements(WebhookEventType.ExtractCompleted, WebhookEventType.BatchCompleted, WebhookEventType.CrawlCompleted), Text.Select(s => new WebhookEventType(s)))
         from description in MaybeText
         from newUrl in MaybeText
         from setDescription in ArbMap.Default.GeneratorFor<bool>()
         from active in MaybeBool
         select (new WebhookCreateRequest { Url = url, EventType = type, Description = description },
                 new WebhookUpdateRequest { Url = newUrl, Description = setDescription ? new OptionalValue<string?>(description) : default, IsActive = active, EventType = active is null ? null : (WebhookEventType?)type })).ToArbitrary(),
        pair =>
        {
            ReadBack(pair.Item1, ScraperJsonContext.Default.WebhookCreateRequest).Should().BeEquivalentTo(pair.Item1, o => o.ComparingRecordsByMembers());
            var update = ReadBack(pair.Item2, ScraperJsonContext.Default.WebhookUpdateRequest);
            update.Should().BeEquivalentTo(pair.Item2, o => o.ComparingRecordsByMembers().Excluding(u => u.Description));
            update.Description.Should().Be(pair.Item2.Description, "unset, null and a value are three different requests");
        });

    private static Property RoundTrip<T>(Gen<T> requests, JsonTypeInfo<T> type) =>
        Prop.ForAll(requests.ToArbitrary(), request => ReadBack(request, type).Should().BeEquivalentTo(request, o => o.ComparingRecordsByMembers()));

    private static T ReadBack<T>(T request, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(request, type), type)!;
}
