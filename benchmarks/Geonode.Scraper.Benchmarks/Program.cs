using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Geonode.Scraper.Benchmarks;

// dotnet run -c Release --project benchmarks/Geonode.Scraper.Benchmarks -- polling | scale | soak | memory | replicas | ledger | <BenchmarkDotNet arguments>
// Each verb lives in its own class; anything else goes to BenchmarkDotNet (for example --filter '*' --job short, or
// --list flat), which runs every benchmark out of process (its default toolchain builds a project of its own).
switch (args.FirstOrDefault())
{
    case "polling":
        return PollingSimulation.Run(args[1..]);
    case "scale":
        return await ScaleRun.RunAsync(args[1..]);
    case "soak":
        return await SoakRun.RunAsync(args[1..]);
    case "memory":
        return await MemoryRun.RunAsync(args[1..]);
    case "replicas":
        return await ReplicasRun.RunAsync(args[1..]);
    case ReplicaChild.Verb:
        // Hidden: one replica of the replicas verb, started by it as a child process.
        return await ReplicaChild.RunAsync(args[1..]);
    case "ledger":
        return await LedgerRun.RunAsync(args[1..]);
    default:
        // The generated project rebuilds the SDK: on a busy machine that takes longer than BenchmarkDotNet's 2 minutes.
        BenchmarkSwitcher.FromAssembly(typeof(BatchPageBenchmarks).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15)));
        return 0;
}
