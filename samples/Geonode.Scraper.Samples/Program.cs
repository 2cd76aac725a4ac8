using System.CommandLine;
using Geonode.Scraper.Samples;

// geonode-scraper-sample: extract, batch, crawl, map, search and usage from the command line.
// With GEONODE_SCRAPER_API_KEY set it calls the real API; without, it starts the local emulator in-process.
var root = new RootCommand("Geonode Scraper SDK sample: turn web pages into Markdown. Without GEONODE_SCRAPER_API_KEY it runs against a local emulator.")
{
    Commands.Verbose,
    Commands.Extract(),
    Commands.Batch(),
    Commands.Crawl(),
    Commands.Map(),
    Commands.Search(),
    Commands.Usage(),
};
return await root.Parse(args).InvokeAsync();
