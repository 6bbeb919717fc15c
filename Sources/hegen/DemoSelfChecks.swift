/// The demo's self-checks: each part reports its checks here, and `runDemo` fails (exit status 1) when any of
/// them failed, so a broken build cannot print "MISMATCHES" and still look successful to a script or CI.
struct DemoSelfChecks {
    private(set) var failures: [String] = []

    /// Records one check and returns `passed` (for the caller's printed verdict).
    @discardableResult
    mutating func check(_ name: String, _ passed: Bool) -> Bool {
        if !passed { failures.append(name) }
        return passed
    }

    /// Throws when any check failed.
    /// - Throws: `DemoError.selfChecksFailed` listing them.
    func finish() throws {
        guard failures.isEmpty else { throw DemoError.selfChecksFailed(failures) }
    }
}

/// Why `hegen demo` failed.
enum DemoError: Error, CustomStringConvertible {
    /// These self-checks did not pass: the library computed a wrong result on this machine.
    case selfChecksFailed([String])

    var description: String {
        switch self {
        case .selfChecksFailed(let names):
            "\(names.count) self-check(s) failed: \(names.joined(separator: "; ")). The library computed a wrong "
                + "result on this machine; run `swift test -c release -Xswiftc -enable-testing` and report the failures."
        }
    }
}
