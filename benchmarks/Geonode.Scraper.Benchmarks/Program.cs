using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project benchmarks/Geonode.Scraper.Benchmarks -- --filter '*'
if (args is ["soak", .. var soakArgs]) { Environment.ExitCode = await Geonode.Scraper.Benchmarks.SoakRun.RunAsync(soakArgs); return; }
// In-process toolchain: BenchmarkDotNet 0.14 does not generate projects for net10.0, and in-process needs none.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)).WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Geonode.Scraper.Benchmarks.BatchPageBenchmarks).Assembly).Run(args, config);
