import Foundation
import LanguageModel
import PrivateGeneration

// `hegen serve --port P [--host 127.0.0.1] [--insecure-test-preset] [--sessions N]`: the server of a private
// generation. It holds evaluation keys only (no option, file or message gives it a secret key), serves one session
// at a time, and goes on after a session that fails. Prints `listening on HOST:PORT` first (port 0: the system's
// choice), then a line per session; `--sessions N` stops after N sessions (tests), otherwise it runs until killed.
func runServe(_ arguments: [String]) throws {
    var options = CommandArguments(arguments)
    let port: UInt16 = try options.value("--port", default: 0)
    let host = try options.value("--host") ?? "127.0.0.1"
    let insecure = options.flag("--insecure-test-preset")
    let sessions: Int = try options.value("--sessions", default: 0)
    try options.finish()
    guard sessions >= 0 else { throw CommandLineError.invalidValue(option: "--sessions", value: String(sessions)) }

    let preset: GenerationPreset = insecure ? .insecureTest : .secure
    let service = try GenerationService(bundle: try LanguageModelBundle.embedded(), preset: preset)
    let listener = try TCPListener(host: host, port: port)
    // Unbuffered: a parent reading the port waits for this line.
    func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    say("listening on \(host):\(listener.port) (\(preset.label)\(insecure ? ": INSECURE, tests only" : ""))")
    var served = 0
    while sessions == 0 || served < sessions {
        let stream = try listener.accept()
        served += 1
        let start = Date()
        let report = service.serve(stream) { line in
            FileHandle.standardError.write(Data("hegen serve: session \(served): \(line)\n".utf8))
        }
        say(String(format: "session %d: %@; %d positions, %d tokens, %d bootstraps, %d bytes in, %d bytes out, %.1f s",
                     served, report.failure.map { "failed: \($0)" } ?? "completed", report.positions, report.tokens,
                     report.bootstraps, report.bytesReceived, report.bytesSent, Date().timeIntervalSince(start)))
    }
}
