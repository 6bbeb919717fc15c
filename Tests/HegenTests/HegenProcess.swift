import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport

/// One finished run of `hegen` as a child process.
struct HegenRun: Sendable, CustomStringConvertible {
    let arguments: [String]
    /// The exit status, or the signal number when `reason` is `.uncaughtSignal` (a trap).
    let status: Int32
    let reason: Process.TerminationReason
    let stdout: String
    let stderr: String
    /// Whether it was killed for running past its timeout.
    let timedOut: Bool
    let seconds: Double

    /// Exited (not a signal) with `code`, within its time.
    func exited(_ code: Int32) -> Bool { !timedOut && reason == .exit && status == code }

    /// The non-empty lines of standard error.
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }

    var description: String {
        "hegen \(arguments.joined(separator: " ")): \(reason == .exit ? "exit" : "signal") \(status)"
            + "\(timedOut ? " (TIMED OUT)" : "") in \(String(format: "%.2f", seconds)) s\n--- stdout\n\(stdout.prefix(2000))"
            + "\n--- stderr\n\(stderr.prefix(2000))"
    }
}

/// Runs the built `hegen` (`ToolLocator.hegen`) with a timeout, so a hang fails the test instead of stalling CI.
enum Hegen {
    /// The executable, or a test failure saying it is not built.
    static func executable() throws -> URL {
        try #require(ToolLocator.hegen, "hegen is not built beside the tests (swift test builds every product)")
    }

    /// Runs `hegen arguments…` with standard input closed and both outputs captured.
    /// - Parameters:
    ///   - arguments: the command line after `hegen`.
    ///   - timeout: seconds before the process is killed (SIGKILL) and the run marked `timedOut`.
    ///   - directory: the working directory (default: the test's).
    static func run(_ arguments: [String], timeout: Double = 60, in directory: URL? = nil) throws -> HegenRun {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let start = Date()
        try process.run()

        // Both pipes drain concurrently: a child filling one pipe's buffer must not block on it.
        let collected = Mutex<[Int: Data]>([:])
        let readers = DispatchGroup()
        for (index, pipe) in [output, error].enumerated() {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async(group: readers) {
                let data = handle.readDataToEndOfFile()
                collected.withLock { $0[index] = data }
            }
        }
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            // SIGKILL, not terminate()'s SIGTERM: a child of the test runner was measured to outlive SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        _ = readers.wait(timeout: .now() + 10)
        let data = collected.withLock { $0 }
        return HegenRun(
            arguments: arguments, status: process.terminationStatus, reason: process.terminationReason,
            stdout: String(decoding: data[0] ?? Data(), as: UTF8.self),
            stderr: String(decoding: data[1] ?? Data(), as: UTF8.self),
            timedOut: timedOut, seconds: Date().timeIntervalSince(start))
    }
}
