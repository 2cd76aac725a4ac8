using System.Globalization;
using System.Text;

namespace Geonode.Scraper.AI.Internal;

/// <summary>Text sized for a context window: a result never exceeds its budget, and a cut says where and how to read on.</summary>
internal static class ToolText
{
    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, marking the cut with an ellipsis.</summary>
    public static string Clip(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var flat = Flatten(text!);
        return flat.Length <= max ? flat : max <= 1 ? "…" : flat.Substring(0, max - 1).TrimEnd() + "…";
    }

    /// <summary>One line: runs of white space (new lines included) become one space.</summary>
    public static string Flatten(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A window of a long document: <paramref name="header"/>, then the document from <paramref name="startAt"/>, cut so that
    /// the whole answer fits <paramref name="budget"/>; the cut is marked with what was shown and how to read on.
    /// </summary>
    public static string Window(string header, string document, int startAt, int budget, Func<int, string> howToReadOn)
    {
        if (startAt >= document.Length && document.Length > 0)
        {
            return Fit($"{header}\n[The text has only {Number(document.Length)} characters; start_at {Number(startAt)} is past its end.]", budget);
        }

        var rest = document.Substring(startAt);
        var full = startAt == 0 ? $"{header}\n\n{rest}" : $"{header}\n[Continuing at character {Number(startAt)} of {Number(document.Length)}.]\n\n{rest}";
        if (full.Length <= budget)
        {
            return full;
        }

        // The note is written with the largest numbers it can hold, so the text cut to fit beside it never pushes it out.
        var noteFor = (int end) => $"\n\n[Truncated: characters {Number(startAt)}–{Number(end)} of {Number(document.Length)} shown. {howToReadOn(end)}]";
        var room = budget - noteFor(document.Length).Length - (full.Length - rest.Length);
        if (room <= 0)
        {
            return Fit(full, budget);
        }

        return new StringBuilder(budget)
            .Append(full, 0, full.Length - rest.Length)
            .Append(rest, 0, room)
            .Append(noteFor(startAt + room))
            .ToString();
    }

    /// <summary>Cuts a whole answer to its budget as a last resort, marking the cut.</summary>
    public static string Fit(string text, int budget)
    {
        const string Note = "\n[Truncated to fit the result size limit.]";
        return text.Length <= budget ? text : new StringBuilder(budget).Append(text, 0, budget - Note.Length).Append(Note).ToString();
    }

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
