namespace Geonode.Scraper.LiveTests;

/// <summary>Records, for each item of the API docs that the SDK inferred, whether the real API bore it out, and prints it as
/// it goes. A test ends with <see cref="AssertAllHeld"/>: an inference that did not hold fails it, with every finding in
/// the message, so the result is visible without a verbose logger.</summary>
public sealed class ContractLog(ITestOutputHelper output)
{
    private readonly List<string> _lines = [];
    private readonly List<string> _failed = [];

    public void Held(string item, string evidence) => Add("HELD        ", item, evidence);

    public void DidNotHold(string item, string evidence)
    {
        Add("DID NOT HOLD", item, evidence);
        _failed.Add(item);
    }

    public void Undecided(string item, string why) => Add("UNDECIDED   ", item, why);

    public void Check(bool held, string item, string evidence)
    {
        if (held)
        {
            Held(item, evidence);
        }
        else
        {
            DidNotHold(item, evidence);
        }
    }

    public void Note(string text) => Add("NOTE        ", text, null);

    public void AssertAllHeld() =>
        _failed.Should().BeEmpty("these inferences did not hold against the real API:\n" + string.Join("\n", _lines));

    private void Add(string verdict, string item, string? evidence)
    {
        var line = evidence is null ? $"{verdict} {item}" : $"{verdict} {item} — {evidence}";
        _lines.Add(line);
        output.WriteLine(line);
    }
}
