using Geonode.Scraper;

// Extracts one page as Markdown. Needs GEONODE_SCRAPER_API_KEY (and optionally SCRAPER_API_BASE_URL).
var url = args.Length > 0 ? args[0] : "https://example.com/";
using var client = new ScraperClient(new ScraperClientOptions());
var result = await client.ExtractAsync(new ExtractRequest { Url = url, Formats = [OutputFormat.Markdown] });
Console.WriteLine(result.Data.Markdown);
