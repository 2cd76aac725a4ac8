using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Geonode.Scraper.Tests.Docs;

namespace Geonode.Scraper.Tests.Architecture;

/// <summary>
/// The dependency rule of the core's folders (DESIGN §2, docs/architecture.md), checked on the compiled assembly: each type
/// belongs to the folder of its source file (read from the portable PDB), and its dependencies (read by ArchUnitNET from the
/// IL) may only reach the folders its layer allows. <c>Http</c> uses nothing above it; <c>Waiting</c> only <c>Http</c>;
/// the endpoint features use <c>Http</c> and <c>Waiting</c> (and the JSON catalogue), never the reverse, never the job-life
/// folders, and never each other's internals; the job-life folders never use the client.
/// </summary>
public sealed class LayerTests
{
    private static readonly string[] EndpointFeatures = ["Extraction", "Batches", "Crawls", "Map", "Search", "Webhooks", "Account"];

    /// <summary>What each folder may use besides itself. <c>Json</c> (the one source-generated context, which must name every
    /// model) is a catalogue: anything above <c>Waiting</c> may use it, and its own references are not checked.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Common"] = [],
        ["Http"] = ["Common"],
        ["Waiting"] = ["Common", "Http"],
        ["Receipts"] = ["Common"],
        ["Ledger"] = ["Common", "Http", "Waiting", "Json", .. EndpointFeatures],
        ["Export"] = ["Common", "Http", "Waiting", "Json", "Receipts", .. EndpointFeatures],
        ["Operations"] = ["Common", "Http", "Waiting", "Json", "Receipts", "Ledger", "Export", .. EndpointFeatures],
        ["Client"] = ["Common", "Http", "Waiting", "Json", "Receipts", "Ledger", "Export", "Operations", .. EndpointFeatures],
    };

    [Fact]
    public void EveryDependency_FollowsTheLayerRule()
    {
        var assembly = typeof(ScraperClient).Assembly;
        var folders = FoldersOfTypes(assembly.Location);
        var architecture = new ArchLoader().LoadAssemblies(assembly).Build();
        var violations = new List<string>();
        var classified = 0;
        foreach (var type in architecture.Types)
        {
            if (Folder(type.FullName, folders) is not { } from || from == "Json")
            {
                continue;
            }

            classified++;
            foreach (var dependency in type.Dependencies.Select(d => d.Target).Distinct())
            {
                if (Folder(dependency.FullName, folders) is not { } to || to == from || to == "Json" && from is not ("Common" or "Http" or "Waiting" or "Receipts"))
                {
                    continue;
                }

                var allowed = Allowed.TryGetValue(from, out var layers)
                    ? layers.Contains(to) || (EndpointFeatures.Contains(to) && EndpointFeatures.Contains(from) && IsPublic(dependency))
                    : from is var feature && EndpointFeatures.Contains(feature) && (to is "Common" or "Http" or "Waiting" || (EndpointFeatures.Contains(to) && IsPublic(dependency)));
                if (!allowed)
                {
                    violations.Add($"{from}/{Short(type.FullName)} -> {to}/{Short(dependency.FullName)}");
                }
            }
        }

        classified.Should().BeGreaterThan(150, "the PDB maps the core's types to their folders");
        violations.Distinct().Should().BeEmpty("a folder uses only what its layer allows (docs/architecture.md)");
    }

    [Fact]
    public void TheCore_HasNoCatchAllInternalFolder_AndOnePublicNamespace()
    {
        var root = ReadmeSnippetsTests.RepositoryRoot();
        Directory.Exists(Path.Combine(root, "src", "Geonode.Scraper", "Internal")).Should().BeFalse();
        typeof(ScraperClient).Assembly.GetExportedTypes().Select(t => t.Namespace).Distinct().Should().Equal("Geonode.Scraper");
    }

    /// <summary>The client's partial files live with their features, but the type is the client: it composes them all.</summary>
    private static string? Folder(string fullName, Dictionary<string, string> folders)
    {
        var outer = fullName.Split('+')[0];
        var tick = outer.IndexOf('`', StringComparison.Ordinal);
        outer = tick < 0 ? outer : outer[..tick];
        return outer == "Geonode.Scraper.ScraperClient" ? "Client" : folders.GetValueOrDefault(outer);
    }

    private static bool IsPublic(IType type) => type.Visibility == Visibility.Public;

    private static string Short(string fullName) => fullName.Replace("Geonode.Scraper.Internal.", string.Empty, StringComparison.Ordinal).Replace("Geonode.Scraper.", string.Empty, StringComparison.Ordinal);

    /// <summary>Each top-level type's folder under <c>src/Geonode.Scraper</c>, from its methods' documents in the portable PDB
    /// (or, for a type without method bodies, the compiler's TypeDefinitionDocuments record).</summary>
    private static Dictionary<string, string> FoldersOfTypes(string assemblyPath)
    {
        var typeDocuments = new Guid("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var metadata = pe.GetMetadataReader();
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(Path.ChangeExtension(assemblyPath, ".pdb")));
        var pdb = pdbProvider.GetMetadataReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);

        void Add(TypeDefinitionHandle handle, DocumentHandle document)
        {
            var type = metadata.GetTypeDefinition(handle);
            while (type.GetDeclaringType() is { IsNil: false } declaring)
            {
                handle = declaring;
                type = metadata.GetTypeDefinition(handle);
            }

            var name = metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            name = tick < 0 ? name : name[..tick];
            var path = pdb.GetString(pdb.GetDocument(document).Name).Replace('\\', '/');
            var marker = "/src/Geonode.Scraper/";
            var at = path.LastIndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && path[(at + marker.Length)..].Split('/') is { Length: > 1 } parts)
            {
                result.TryAdd(name, parts[0]);
            }
        }

        foreach (var methodHandle in metadata.MethodDefinitions)
        {
            var debug = pdb.GetMethodDebugInformation(methodHandle);
            if (!debug.Document.IsNil)
            {
                Add(metadata.GetMethodDefinition(methodHandle).GetDeclaringType(), debug.Document);
            }
            else if (debug.GetSequencePoints().FirstOrDefault() is { Document.IsNil: false } point)
            {
                Add(metadata.GetMethodDefinition(methodHandle).GetDeclaringType(), point.Document);
            }
        }

        foreach (var handle in pdb.CustomDebugInformation)
        {
            var info = pdb.GetCustomDebugInformation(handle);
            if (info.Kind.IsNil || pdb.GetGuid(info.Kind) != typeDocuments || info.Parent.Kind != HandleKind.TypeDefinition)
            {
                continue;
            }

            var blob = pdb.GetBlobReader(info.Value);
            while (blob.RemainingBytes > 0)
            {
                Add((TypeDefinitionHandle)info.Parent, MetadataTokens.DocumentHandle(blob.ReadCompressedInteger()));
            }
        }

        return result;
    }
}
