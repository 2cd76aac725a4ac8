using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Geonode.Scraper.Mcp.Tests.Support;

/// <summary>
/// The server as users get it: the project (built before the tests) packed once per test run and installed with
/// <c>dotnet tool install --tool-path</c> from that local folder only (a NuGet config with no other source, so nothing
/// reaches the network), into a packages folder of its own so that a package of the same version cached by an earlier
/// run cannot stand in for this build.
/// </summary>
public sealed partial class InstalledTool
{
    private static readonly Lazy<Task<InstalledTool>> Instance = new(InstallAsync);

    private InstalledTool(string command, string packageFolder, TimeSpan took)
    {
        Command = command;
        PackageFolder = packageFolder;
        InstallTime = took;
    }

    /// <summary>Gets the installed command (the tool's shim).</summary>
    public string Command { get; }

    /// <summary>Gets the folder the package was packed into.</summary>
    public string PackageFolder { get; }

    /// <summary>Gets how long packing and installing took.</summary>
    public TimeSpan InstallTime { get; }

    /// <summary>Gets the &lt;Version&gt; of Directory.Build.props: the one place the repository writes its version.</summary>
    public static string PackageVersion { get; } =
        VersionPattern().Match(File.ReadAllText(Path.Combine(RepositoryRoot, "Directory.Build.props"))).Groups[1].Value;

    /// <summary>Gets the repository's root folder, found from the test's output directory.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir.FullName, "Geonode.Scraper.sln")))
            {
                dir = dir.Parent ?? throw new InvalidOperationException("Geonode.Scraper.sln not found above " + AppContext.BaseDirectory);
            }

            return dir.FullName;
        }
    }

    /// <summary>Gets the tool, packing and installing it on first use.</summary>
    public static Task<InstalledTool> GetAsync() => Instance.Value;

    /// <summary>Runs <c>dotnet</c> with arguments, in a folder, and fails with its output when it fails.</summary>
    public static async Task RunDotnetAsync(string workingDirectory, IDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host runs under `dotnet test`, whose MSBuild settings must not steer a nested build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "VSTEST_HOST_DEBUG" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0, $"dotnet {string.Join(' ', args)} succeeds:\n{await output}\n{await error}");
    }

    private static async Task<InstalledTool> InstallAsync()
    {
        var clock = Stopwatch.StartNew();
        var root = RepositoryRoot;
        // Beside the test assembly (under artifacts/, ignored by git), replaced by each run: one copy, whatever the runs.
        var work = Path.Combine(AppContext.BaseDirectory, "installed-tool");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var feed = Path.Combine(work, "feed");
        var tools = Path.Combine(work, "tools");

        // The configuration the tests were built in: the output folder is artifacts/bin/<project>/<configuration>.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name.StartsWith("release", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";
        await RunDotnetAsync(root, new Dictionary<string, string?>(), "pack", Path.Combine(root, "src", "Geonode.Scraper.Mcp", "Geonode.Scraper.Mcp.csproj"),
            "-c", configuration, "--no-build", "-o", feed, "-nodeReuse:false", "-p:UseSharedCompilation=false");

        var config = Path.Combine(work, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await RunDotnetAsync(work, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") },
            "tool", "install", "--tool-path", tools, "--configfile", config, "Geonode.Scraper.Mcp", "--version", PackageVersion);

        var command = Path.Combine(tools, OperatingSystem.IsWindows() ? "geonode-scraper-mcp.exe" : "geonode-scraper-mcp");
        File.Exists(command).Should().BeTrue("the tool install puts the command's shim in the tool path");
        return new InstalledTool(command, feed, clock.Elapsed);
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionPattern();
}
