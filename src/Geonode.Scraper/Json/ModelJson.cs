using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
#endif

namespace Geonode.Scraper.Internal;

/// <summary>
/// The JSON metadata the SDK reads batch and crawl jobs with (status polls and result pages): the source-generated
/// <see cref="ScraperJsonContext"/>, and in front of it (on .NET 8 and later) hand-written metadata for the models a result
/// page holds many of (<see cref="BatchJob"/>, <see cref="BatchItem"/>, <see cref="CrawlJob"/>, <see cref="CrawlPage"/>,
/// <see cref="PageContent"/>, <see cref="PageMetadata"/>). Everything else, and the public <see cref="ScraperJson"/>, uses
/// the generated metadata alone.
/// </summary>
/// <remarks>
/// <para>Why: for a model whose members are <c>init</c> or <c>required</c>, the source generator can neither call the
/// setters nor <c>new T()</c>, so it reads every such object through its parameterized-constructor path: the values are
/// collected in an <c>object[]</c> (value types boxed) with per-object argument state, then passed to an object
/// initializer. On a 50-item batch page that cost 19 KB (8.5 %) more allocation than reflection over settable POCOs, and
/// more time (docs/performance.md).
/// The metadata here creates the object first and sets each member as it is read, as for settable properties, calling
/// the models' own constructor and <c>init</c> accessors through <c>[UnsafeAccessor]</c> (no reflection),
/// so the models stay immutable to callers and their accessors (<c>?? []</c> included) still run.</para>
/// <para>The <c>required</c> <c>Url</c> of a <see cref="BatchItem"/> or <see cref="CrawlPage"/> is not marked required
/// here: the reader tracks required members with a bit array allocated per object (50 per page), so
/// <see cref="ResponseShape"/> checks them instead, after the read (missing and null both read as null there). The jobs
/// keep the reader's check (one object per page, and <c>Status</c> is a value type that only the reader can see missing).</para>
/// <para>The property lists must match the models: <c>FastModelMetadataTests</c> compares each with the source-generated
/// metadata (names, types, required, order) and fails when a member is added to one and not the other.</para>
/// </remarks>
internal static class ModelJson
{
    /// <summary>Gets the options, read-only, whose resolver puts the hand-written metadata before the generated one.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonTypeInfo<BatchJob> BatchJob { get; } = (JsonTypeInfo<BatchJob>)Options.GetTypeInfo(typeof(BatchJob));

    public static JsonTypeInfo<CrawlJob> CrawlJob { get; } = (JsonTypeInfo<CrawlJob>)Options.GetTypeInfo(typeof(CrawlJob));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ScraperJsonContext.Default.Options);
#if NET8_0_OR_GREATER
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(new FastModels(), ScraperJsonContext.Default);
#endif
        options.MakeReadOnly();
        return options;
    }

#if NET8_0_OR_GREATER
    /// <summary>Hand-written metadata of the models a result page holds many of; null for every other type.</summary>
    internal sealed class FastModels : IJsonTypeInfoResolver
    {
        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
        {
            if (type == typeof(BatchItem))
            {
                return Object(options, Models.NewBatchItem, o => [
                    P<BatchItem, int>(o, "InputIndex", static x => x.InputIndex, Models.SetInputIndex),
                    P<BatchItem, string>(o, "Url", static x => x.Url, Models.SetUrl),
                    P<BatchItem, JobStatus>(o, "Status", static x => x.Status, Models.SetStatus),
                    P<BatchItem, string?>(o, "ErrorCode", static x => x.ErrorCode, Models.SetErrorCode),
                    P<BatchItem, string?>(o, "ErrorMessage", static x => x.ErrorMessage, Models.SetErrorMessage),
                    P<BatchItem, PageContent?>(o, "Data", static x => x.Data, Models.SetData),
                    P<BatchItem, PageMetadata?>(o, "Metadata", static x => x.Metadata, Models.SetMetadata),
                ]);
            }

            if (type == typeof(CrawlPage))
            {
                return Object(options, Models.NewCrawlPage, o => [
                    P<CrawlPage, string>(o, "Url", static x => x.Url, Models.SetUrl),
                    P<CrawlPage, string?>(o, "ParentUrl", static x => x.ParentUrl, Models.SetParentUrl),
                    P<CrawlPage, int>(o, "Depth", static x => x.Depth, Models.SetDepth),
                    P<CrawlPage, JobStatus>(o, "Status", static x => x.Status, Models.SetStatus),
                    P<CrawlPage, string?>(o, "ErrorCode", static x => x.ErrorCode, Models.SetErrorCode),
                    P<CrawlPage, string?>(o, "ErrorMessage", static x => x.ErrorMessage, Models.SetErrorMessage),
                    P<CrawlPage, IReadOnlyList<string>?>(o, "Links", static x => x.Links, Models.SetLinks),
                    P<CrawlPage, PageContent?>(o, "Data", static x => x.Data, Models.SetData),
                    P<CrawlPage, PageMetadata?>(o, "Metadata", static x => x.Metadata, Models.SetMetadata),
                ]);
            }

            if (type == typeof(PageContent))
            {
                return Object(options, static () => new PageContent(), o => [
                    P<PageContent, string?>(o, "Markdown", static x => x.Markdown, Models.SetMarkdown),
                    P<PageContent, string?>(o, "Html", static x => x.Html, Models.SetHtml),
                    P<PageContent, IReadOnlyList<string>?>(o, "Links", static x => x.Links, Models.SetLinks),
                ]);
            }

            if (type == typeof(PageMetadata))
            {
                return Object(options, static () => new PageMetadata(), o => [
                    P<PageMetadata, int?>(o, "HttpStatus", static x => x.HttpStatus, Models.SetHttpStatus),
                    P<PageMetadata, long?>(o, "DurationMs", static x => x.DurationMs, Models.SetDurationMs),
                    P<PageMetadata, int?>(o, "RetryCount", static x => x.RetryCount, Models.SetRetryCount),
                    P<PageMetadata, int?>(o, "TokensCharged", static x => x.TokensCharged, Models.SetTokensCharged),
                ]);
            }

            if (type == typeof(BatchJob))
            {
                return Object(options, Models.NewBatchJob, o => [
                    P<BatchJob, string>(o, "JobId", static x => x.JobId, Models.SetJobId, required: true),
                    P<BatchJob, JobStatus>(o, "Status", static x => x.Status, Models.SetStatus, required: true),
                    P<BatchJob, BatchConfig?>(o, "BatchConfig", static x => x.BatchConfig, Models.SetBatchConfig),
                    P<BatchJob, TokenSummary?>(o, "TokenSummary", static x => x.TokenSummary, Models.SetTokenSummary),
                    P<BatchJob, int>(o, "TotalUrls", static x => x.TotalUrls, Models.SetTotalUrls),
                    P<BatchJob, int>(o, "CompletedUrls", static x => x.CompletedUrls, Models.SetCompletedUrls),
                    P<BatchJob, int>(o, "FailedUrls", static x => x.FailedUrls, Models.SetFailedUrls),
                    P<BatchJob, int>(o, "CancelledUrls", static x => x.CancelledUrls, Models.SetCancelledUrls),
                    P<BatchJob, int>(o, "PendingUrls", static x => x.PendingUrls, Models.SetPendingUrls),
                    P<BatchJob, IReadOnlyList<string>>(o, "InvalidUrls", static x => x.InvalidUrls, Models.SetInvalidUrls),
                    P<BatchJob, DateTimeOffset>(o, "CreatedAt", static x => x.CreatedAt, Models.SetCreatedAt),
                    P<BatchJob, DateTimeOffset?>(o, "CompletedAt", static x => x.CompletedAt, Models.SetCompletedAt),
                    P<BatchJob, IReadOnlyList<BatchItem>>(o, "Results", static x => x.Results, Models.SetResults),
                ]);
            }

            if (type == typeof(CrawlJob))
            {
                return Object(options, Models.NewCrawlJob, o => [
                    P<CrawlJob, string>(o, "JobId", static x => x.JobId, Models.SetJobId, required: true),
                    P<CrawlJob, JobStatus>(o, "Status", static x => x.Status, Models.SetStatus, required: true),
                    P<CrawlJob, string?>(o, "Url", static x => x.Url, Models.SetUrl),
                    P<CrawlJob, CrawlConfig?>(o, "CrawlConfig", static x => x.CrawlConfig, Models.SetCrawlConfig),
                    P<CrawlJob, TokenSummary?>(o, "TokenSummary", static x => x.TokenSummary, Models.SetTokenSummary),
                    P<CrawlJob, int>(o, "TotalPages", static x => x.TotalPages, Models.SetTotalPages),
                    P<CrawlJob, int>(o, "CompletedPages", static x => x.CompletedPages, Models.SetCompletedPages),
                    P<CrawlJob, int>(o, "FailedPages", static x => x.FailedPages, Models.SetFailedPages),
                    P<CrawlJob, int>(o, "CancelledPages", static x => x.CancelledPages, Models.SetCancelledPages),
                    P<CrawlJob, DateTimeOffset>(o, "CreatedAt", static x => x.CreatedAt, Models.SetCreatedAt),
                    P<CrawlJob, DateTimeOffset?>(o, "CompletedAt", static x => x.CompletedAt, Models.SetCompletedAt),
                    P<CrawlJob, IReadOnlyList<CrawlPage>>(o, "Results", static x => x.Results, Models.SetResults),
                ]);
            }

            return null;
        }

        private static JsonTypeInfo<T> Object<T>(JsonSerializerOptions options, Func<T> create, Func<JsonSerializerOptions, JsonPropertyInfo[]> properties)
            where T : class =>
            JsonMetadataServices.CreateObjectInfo(options, new JsonObjectInfoValues<T>
            {
                ObjectCreator = create,
                PropertyMetadataInitializer = _ => properties(options),
            });

        /// <summary>One member, named as the source generator names it (the options' snake_case policy applies).</summary>
        private static JsonPropertyInfo P<TModel, TValue>(JsonSerializerOptions options, string name, Func<TModel, TValue> get, Action<TModel, TValue> set, bool required = false)
        {
            var property = JsonMetadataServices.CreatePropertyInfo(options, new JsonPropertyInfoValues<TValue>
            {
                IsProperty = true,
                IsPublic = true,
                DeclaringType = typeof(TModel),
                Getter = obj => get((TModel)obj),
                Setter = (obj, value) => set((TModel)obj, value!),
                PropertyName = name,
            });
            property.IsRequired = required;
            return property;
        }
    }

    /// <summary>The models' constructors (which skip the <c>required</c> check, a compile-time rule the JSON reader
    /// enforces itself) and <c>init</c> accessors, called without reflection.</summary>
    private static class Models
    {
        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern BatchJob NewBatchJob();

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern BatchItem NewBatchItem();

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern CrawlJob NewCrawlJob();

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern CrawlPage NewCrawlPage();

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_JobId")]
        public static extern void SetJobId(BatchJob model, string value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_JobId")]
        public static extern void SetJobId(CrawlJob model, string value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Status")]
        public static extern void SetStatus(BatchJob model, JobStatus value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Status")]
        public static extern void SetStatus(CrawlJob model, JobStatus value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Status")]
        public static extern void SetStatus(BatchItem model, JobStatus value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Status")]
        public static extern void SetStatus(CrawlPage model, JobStatus value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_BatchConfig")]
        public static extern void SetBatchConfig(BatchJob model, BatchConfig? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CrawlConfig")]
        public static extern void SetCrawlConfig(CrawlJob model, CrawlConfig? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_TokenSummary")]
        public static extern void SetTokenSummary(BatchJob model, TokenSummary? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_TokenSummary")]
        public static extern void SetTokenSummary(CrawlJob model, TokenSummary? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_TotalUrls")]
        public static extern void SetTotalUrls(BatchJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CompletedUrls")]
        public static extern void SetCompletedUrls(BatchJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_FailedUrls")]
        public static extern void SetFailedUrls(BatchJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CancelledUrls")]
        public static extern void SetCancelledUrls(BatchJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_PendingUrls")]
        public static extern void SetPendingUrls(BatchJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_InvalidUrls")]
        public static extern void SetInvalidUrls(BatchJob model, IReadOnlyList<string> value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_TotalPages")]
        public static extern void SetTotalPages(CrawlJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CompletedPages")]
        public static extern void SetCompletedPages(CrawlJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_FailedPages")]
        public static extern void SetFailedPages(CrawlJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CancelledPages")]
        public static extern void SetCancelledPages(CrawlJob model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CreatedAt")]
        public static extern void SetCreatedAt(BatchJob model, DateTimeOffset value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CreatedAt")]
        public static extern void SetCreatedAt(CrawlJob model, DateTimeOffset value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CompletedAt")]
        public static extern void SetCompletedAt(BatchJob model, DateTimeOffset? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CompletedAt")]
        public static extern void SetCompletedAt(CrawlJob model, DateTimeOffset? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Results")]
        public static extern void SetResults(BatchJob model, IReadOnlyList<BatchItem> value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Results")]
        public static extern void SetResults(CrawlJob model, IReadOnlyList<CrawlPage> value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Url")]
        public static extern void SetUrl(CrawlJob model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_InputIndex")]
        public static extern void SetInputIndex(BatchItem model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Url")]
        public static extern void SetUrl(BatchItem model, string value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Url")]
        public static extern void SetUrl(CrawlPage model, string value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ParentUrl")]
        public static extern void SetParentUrl(CrawlPage model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Depth")]
        public static extern void SetDepth(CrawlPage model, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ErrorCode")]
        public static extern void SetErrorCode(BatchItem model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ErrorCode")]
        public static extern void SetErrorCode(CrawlPage model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ErrorMessage")]
        public static extern void SetErrorMessage(BatchItem model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ErrorMessage")]
        public static extern void SetErrorMessage(CrawlPage model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Links")]
        public static extern void SetLinks(CrawlPage model, IReadOnlyList<string>? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Data")]
        public static extern void SetData(BatchItem model, PageContent? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Data")]
        public static extern void SetData(CrawlPage model, PageContent? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Metadata")]
        public static extern void SetMetadata(BatchItem model, PageMetadata? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Metadata")]
        public static extern void SetMetadata(CrawlPage model, PageMetadata? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Markdown")]
        public static extern void SetMarkdown(PageContent model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Html")]
        public static extern void SetHtml(PageContent model, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Links")]
        public static extern void SetLinks(PageContent model, IReadOnlyList<string>? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_HttpStatus")]
        public static extern void SetHttpStatus(PageMetadata model, int? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_DurationMs")]
        public static extern void SetDurationMs(PageMetadata model, long? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_RetryCount")]
        public static extern void SetRetryCount(PageMetadata model, int? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_TokensCharged")]
        public static extern void SetTokensCharged(PageMetadata model, int? value);
    }
#endif
}
