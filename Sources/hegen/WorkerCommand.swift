import Foundation
import LanguageModel
import PrivateGeneration

// `hegen worker [--insecure-test-preset]`: one server session over standard input and output (the protocol's
// frames; the log goes to standard error) — the entry point for a driver that runs sessions on other machines or
// processes (a job scheduler, `ssh host hegen worker`, Scripts/ray_sessions.py). Like `hegen serve` it holds
// evaluation keys only. Exits 0 when the client ended the session, 1 when it failed.
func runWorker(_ arguments: [String]) throws {
    var options = CommandArguments(arguments)
    let insecure = options.flag("--insecure-test-preset")
    try options.finish()
    signal(SIGPIPE, SIG_IGN)  // a driver that hangs up makes the next write fail, not the process die
    let service = try GenerationService(
        bundle: try LanguageModelBundle.embedded(), preset: insecure ? .insecureTest : .secure, idleTimeout: 0)
    let stream = SocketStream(readDescriptor: dup(0), writeDescriptor: dup(1))
    let report = service.serve(stream) { line in FileHandle.standardError.write(Data("hegen worker: \(line)\n".utf8)) }
    FileHandle.standardError.write(Data(String(
        format: "hegen worker: %@; %d positions, %d tokens, %d bootstraps, %d bytes in, %d bytes out\n",
        report.failure.map { "failed: \($0)" } ?? "completed", report.positions, report.tokens, report.bootstraps,
        report.bytesReceived, report.bytesSent).utf8))
    if report.failure != nil { exit(1) }
}
