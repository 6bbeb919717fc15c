// hegen-bench: EncryptedLM's benchmarks. Build in release mode, ideally for the native CPU:
//   swift run -c release -Xswiftc -target-cpu -Xswiftc native hegen-bench ring [--json]
import Foundation

struct BenchmarkSuite {
    let name: String
    let summary: String
    let run: (_ reporter: BenchmarkReporter, _ options: [String]) throws -> Void
}

let suites: [BenchmarkSuite] = [
    BenchmarkSuite(name: "ring", summary: "modular arithmetic, NTT, RNS polynomials", run: runRingBenchmarks),
    BenchmarkSuite(name: "ckks", summary: "CKKS keys, encryption, evaluation (peers' chains)", run: runCKKSBenchmarks),
    BenchmarkSuite(name: "circuits", summary: "polynomials, step functions, linear transforms, prefix sums", run: runCircuitsBenchmarks),
    BenchmarkSuite(name: "bootstrap", summary: "CKKS bootstrapping (time, precision, levels left, memory)", run: runBootstrapBenchmarks),
    BenchmarkSuite(name: "sampler", summary: "the encrypted sampler on the tiny model's distributions", run: runSamplerBenchmarks),
    BenchmarkSuite(name: "ntt-variants", summary: "the scalar NTT kernel against a SIMD experiment", run: runNTTVariantBenchmarks),
    BenchmarkSuite(name: "ordering", summary: "token-ordering tours", run: runOrderingBenchmarks),
    BenchmarkSuite(name: "model", summary: "language-model forward pass", run: runModelBenchmarks),
    BenchmarkSuite(name: "transformer", summary: "the tiny model's forward step on encrypted embeddings", run: runTransformerBenchmarks),
]

var arguments = Array(CommandLine.arguments.dropFirst())
let json = arguments.contains("--json")
arguments.removeAll { $0 == "--json" }
guard let suiteName = arguments.first, let suite = suites.first(where: { $0.name == suiteName }) else {
    print("usage: hegen-bench <suite> [--json] [options]\n\nsuites:")
    for suite in suites { print("  \(suite.name.padding(toLength: 10, withPad: " ", startingAt: 0))\(suite.summary)") }
    exit(1)
}
do {
    try suite.run(BenchmarkReporter(json: json), Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("hegen-bench: error: \(error)\n".utf8))
    exit(1)
}
