namespace Geonode.Scraper.Mcp.Tools;

/// <summary>A tool's argument is wrong; the message is a sentence the model can act on.</summary>
internal sealed class ToolArgumentException(string message) : Exception(message)
{
}
