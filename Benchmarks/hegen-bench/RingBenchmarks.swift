import RingArithmetic
func runRingBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {}
