import Foundation

/// Times closures and reports medians as a table or as JSON lines.
///
/// Benchmarks never run as tests: `swift run -c release hegen-bench <suite> [--json]`.
/// Each result is one JSON object per line with `benchmark`, `median_ns` and suite-specific
/// fields (`logN`, `limbs`, ...), so scripts can compare ratios measured in one run.
final class BenchmarkReporter {
    let json: Bool
    init(json: Bool) { self.json = json }

    /// Prints one result.
    /// - Parameters:
    ///   - benchmark: a stable identifier such as `ntt.forward`.
    ///   - fields: extra key/value pairs (integers, doubles or strings).
    ///   - medianNanoseconds: the median time of one operation.
    func report(_ benchmark: String, fields: KeyValuePairs<String, any Sendable> = [:], medianNanoseconds: Double) {
        if json {
            var parts = ["\"benchmark\": \"\(benchmark)\""]
            for (key, value) in fields { parts.append("\"\(key)\": \(Self.jsonValue(value))") }
            parts.append("\"median_ns\": \(Int(medianNanoseconds.rounded()))")
            print("{" + parts.joined(separator: ", ") + "}")
        } else {
            let detail = fields.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let name = benchmark.padding(toLength: 28, withPad: " ", startingAt: 0)
            let fieldText = detail.padding(toLength: 28, withPad: " ", startingAt: 0)
            print("\(name) \(fieldText) \(Self.humanTime(medianNanoseconds))")
        }
    }

    /// Prints a free-form line (table mode only; JSON mode stays machine-readable).
    func note(_ text: String) { if !json { print(text) } }

    private static func jsonValue(_ value: any Sendable) -> String {
        switch value {
        case let string as String: return "\"\(string)\""
        case let double as Double: return double.isFinite ? String(double) : "null"
        default: return "\(value)"
        }
    }

    static func humanTime(_ ns: Double) -> String {
        if ns < 1e3 { return String(format: "%8.1f ns", ns) }
        if ns < 1e6 { return String(format: "%8.2f us", ns / 1e3) }
        if ns < 1e9 { return String(format: "%8.3f ms", ns / 1e6) }
        return String(format: "%8.3f s", ns / 1e9)
    }
}

/// The median wall-clock time, in nanoseconds, of `body` over `iterations` runs after one warm-up.
func medianNanoseconds(iterations: Int, _ body: () -> Void) -> Double {
    body()
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start))
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Iterations that keep one benchmark near `budgetSeconds`, given a first measurement.
func iterationCount(forEstimatedNanoseconds estimate: Double, budgetSeconds: Double = 0.5) -> Int {
    max(5, min(1000, Int(budgetSeconds * 1e9 / max(estimate, 1))))
}

/// Process CPU time (all threads) in nanoseconds: robust to other jobs on a shared machine.
func processCPUNanoseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

/// The argument following `name` in a suite's options (`--reps 3` → "3"), or nil.
func optionValue(_ name: String, in options: [String]) -> String? {
    guard let i = options.firstIndex(of: name), i + 1 < options.count else { return nil }
    return options[i + 1]
}
