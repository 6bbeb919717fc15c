// Token-ordering benchmarks: implemented by the token-ordering work (issue 5).
func runOrderingBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    reporter.note("ordering benchmarks are not available in this build yet")
}
