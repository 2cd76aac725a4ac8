using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>What an export wrote, over this run and the earlier runs its manifest records.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed record ExportResult
{
    /// <summary>Gets the full path of the export's folder.</summary>
    public required string Directory { get; init; }

    /// <summary>Gets the manifest that records every page or item written or failed (<c>.geonode-export.jsonl</c>).</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Gets the JSON Lines file for <see cref="ExportFormat.Jsonl"/>; <see langword="null"/> for Markdown.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Gets the counts of this run.</summary>
    public required ExportProgress Counts { get; init; }

    /// <summary>Gets every page or item that could not be written, including those recorded by earlier runs.</summary>
    public IReadOnlyList<ExportFailure> Failures { get; init; } = [];

    /// <summary>Gets the job's receipt, checked against everything this run read; <see langword="null"/> when the export
    /// stopped before the job ended (a time limit). It is also written beside the files (<see cref="ReceiptPath"/>).</summary>
    public JobReceipt? Receipt { get; init; }

    /// <summary>Gets the receipt's file in the folder (<c>receipt.json</c>); <see langword="null"/> without a receipt.</summary>
    public string? ReceiptPath { get; init; }
}
