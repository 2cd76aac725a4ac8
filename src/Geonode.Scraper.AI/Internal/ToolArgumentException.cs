namespace Geonode.Scraper.AI.Internal;

/// <summary>An argument the model got wrong; its message is written for the model and says how to fix it.</summary>
internal sealed class ToolArgumentException(string message) : Exception(message);
