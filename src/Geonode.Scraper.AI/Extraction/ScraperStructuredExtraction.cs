using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Geonode.Scraper.AI.Internal;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.AI;

/// <summary>Typed extraction: a page scraped to Markdown, then read into your own type by any <see cref="IChatClient"/>
/// through structured output (a JSON schema made from your source-generated <see cref="JsonTypeInfo{T}"/>).</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class ScraperStructuredExtraction
{
    private const string SystemPrompt =
        "You extract data from a web page into JSON that matches the given schema. Use only what the page says; use null "
        + "where the page does not say. Answer with the JSON object only.";

    /// <summary>Scrapes <paramref name="url"/> to Markdown and asks <paramref name="chat"/> for a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to extract: an object type (a record or class) described by <paramref name="typeInfo"/>.</typeparam>
    /// <param name="client">The scraper client.</param>
    /// <param name="url">The page.</param>
    /// <param name="chat">The chat client that reads the page.</param>
    /// <param name="typeInfo">The type's source-generated metadata (<c>MyJsonContext.Default.MyType</c>): its JSON schema and how to read it.</param>
    /// <param name="options">Instructions, page size limit, chat options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the scrape and the chat.</param>
    /// <returns>The value, the URL, the scrape's job id and charge, and the chat's usage.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL.</exception>
    /// <exception cref="StructuredExtractionException">The answer did not parse as <typeparamref name="T"/>, also after one corrective retry.</exception>
    /// <exception cref="ScraperException">The scrape failed (see <see cref="IScraperClient.ExtractAsync"/>).</exception>
    public static async Task<StructuredExtractResult<T>> ExtractAsync<T>(
        this IScraperClient client, string url, IChatClient chat, JsonTypeInfo<T> typeInfo, StructuredExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.NotNull(chat);
        Guard.NotNull(typeInfo);
        CheckUrl(url, nameof(url));
        options = Validated(options);
        var format = ResponseFormat(typeInfo);
        return await ExtractOneAsync(client, url, chat, typeInfo, format, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Extracts a <typeparamref name="T"/> from each of <paramref name="urls"/>, <see cref="StructuredExtractOptions.MaxConcurrency"/>
    /// at a time, yielding each result as it is ready (not in the order of <paramref name="urls"/>).</summary>
    /// <typeparam name="T">The type to extract.</typeparam>
    /// <param name="client">The scraper client.</param>
    /// <param name="urls">The pages.</param>
    /// <param name="chat">The chat client that reads the pages.</param>
    /// <param name="typeInfo">The type's source-generated metadata.</param>
    /// <param name="options">Instructions, concurrency, page size limit, chat options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work still in progress.</param>
    /// <returns>The results as they finish. The first failure ends the enumeration with its exception, after the work in
    /// progress is cancelled.</returns>
    /// <exception cref="ArgumentException">A URL is not an absolute http(s) URL (checked before anything is sent).</exception>
    public static async IAsyncEnumerable<StructuredExtractResult<T>> ExtractManyAsync<T>(
        this IScraperClient client, IEnumerable<string> urls, IChatClient chat, JsonTypeInfo<T> typeInfo, StructuredExtractOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.NotNull(urls);
        Guard.NotNull(chat);
        Guard.NotNull(typeInfo);
        var list = urls.ToList();
        foreach (var url in list)
        {
            CheckUrl(url, nameof(urls));
        }

        options = Validated(options);
        var format = ResponseFormat(typeInfo);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new List<Task<StructuredExtractResult<T>>>();
        var next = 0;
        try
        {
            while (next < list.Count || running.Count > 0)
            {
                while (running.Count < options.MaxConcurrency && next < list.Count)
                {
                    running.Add(ExtractOneAsync(client, list[next++], chat, typeInfo, format, options, stop.Token));
                }

                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                yield return await done.ConfigureAwait(false);
            }
        }
        finally
        {
            // Stopped early (a failure, or the caller broke off): nothing keeps running behind the caller's back.
#if NET8_0_OR_GREATER
            await stop.CancelAsync().ConfigureAwait(false);
#else
            stop.Cancel();
#endif
            foreach (var task in running)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Cancelled work, or a second failure after the first one already ended the enumeration.
                }
            }
        }
    }

    private static async Task<StructuredExtractResult<T>> ExtractOneAsync<T>(
        IScraperClient client, string url, IChatClient chat, JsonTypeInfo<T> typeInfo, ChatResponseFormat format, StructuredExtractOptions options, CancellationToken cancellationToken)
    {
        var page = await client.ExtractAsync(
            new ExtractRequest { Url = url, Formats = [OutputFormat.Markdown], RenderJs = options.RenderJs ? true : null },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var markdown = page.Data.Markdown ?? string.Empty;
        if (markdown.Length > options.MaxPageLength)
        {
            markdown = new System.Text.StringBuilder(options.MaxPageLength + 40).Append(markdown, 0, options.MaxPageLength).Append("\n\n[The rest of the page was cut off.]").ToString();
        }

        var chatOptions = options.ChatOptions?.Clone() ?? new ChatOptions();
        chatOptions.ResponseFormat = format;
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt),
            new(ChatRole.User, (options.Instructions is null ? string.Empty : $"What to extract: {options.Instructions}\n\n") + $"Source: {url}\n\n{markdown}"),
        };

        UsageDetails? usage = null;
        for (var attempt = 1; ; attempt++)
        {
            var response = await chat.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
            usage = Add(usage, response.Usage);
            var text = response.Text;
            try
            {
                var value = JsonSerializer.Deserialize(StripCodeFence(text), typeInfo);
                if (value is not null)
                {
                    return new StructuredExtractResult<T> { Value = value, Url = url, JobId = page.JobId, ScrapeTokensCharged = page.TokensCharged, ChatUsage = usage };
                }

                if (attempt == 2)
                {
                    throw new StructuredExtractionException(url, text, null);
                }
            }
            catch (JsonException ex) when (attempt == 2)
            {
                throw new StructuredExtractionException(url, text, ex);
            }
            catch (JsonException)
            {
            }

            messages.Add(new ChatMessage(ChatRole.Assistant, text));
            messages.Add(new ChatMessage(ChatRole.User, "That answer is not a JSON object matching the schema. Answer again with only the JSON object, no other text."));
        }
    }

    private static UsageDetails? Add(UsageDetails? total, UsageDetails? usage)
    {
        if (usage is null)
        {
            return total;
        }

        var sum = total ?? new UsageDetails();
        sum.Add(usage);
        return sum;
    }

    /// <summary>Removes the Markdown code fence some models put around JSON even when asked not to.</summary>
    private static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n');
        var end = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine < 0 || end <= firstLine ? trimmed : trimmed.Substring(firstLine + 1, end - firstLine - 1);
    }

    private static ChatResponseFormatJson ResponseFormat<T>(JsonTypeInfo<T> typeInfo)
    {
        var schema = AIJsonUtilities.CreateJsonSchema(typeof(T), serializerOptions: typeInfo.Options);
        return ChatResponseFormat.ForJsonSchema(schema, typeof(T).Name, $"A {typeof(T).Name} extracted from a web page.");
    }

    private static void CheckUrl(string url, string paramName)
    {
        if (!Guard.IsAbsoluteHttpUrl(url))
        {
            throw new ArgumentException("The URL must be an absolute http or https URL.", paramName);
        }
    }

    private static StructuredExtractOptions Validated(StructuredExtractOptions? options)
    {
        options ??= new StructuredExtractOptions();
        if (options.MaxPageLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPageLength, "MaxPageLength must be positive.");
        }

        if (options.MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, "MaxConcurrency must be positive.");
        }

        return new StructuredExtractOptions
        {
            Instructions = options.Instructions,
            MaxPageLength = options.MaxPageLength,
            RenderJs = options.RenderJs,
            ChatOptions = options.ChatOptions,
            MaxConcurrency = options.MaxConcurrency,
        };
    }
}
