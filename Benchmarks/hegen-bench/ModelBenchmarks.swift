// Language-model benchmarks: implemented by the language-model work (issue 6).
func runModelBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    reporter.note("model benchmarks are not available in this build yet")
}
