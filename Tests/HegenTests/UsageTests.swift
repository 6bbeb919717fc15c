import Testing

/// `hegen` without a command, and `hegen help`.
@Suite("hegen: usage")
struct UsageTests {
    static let commands = ["demo", "order", "generate", "serve", "worker", "experiment"]

    @Test("no arguments: the usage on stdout and exit status 1")
    func noArguments() throws {
        let run = try Hegen.run([], timeout: 20)
        #expect(run.exited(1), "\(run)")
        #expect(run.stdout.hasPrefix("usage: hegen <command> [options]\n"), "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
    }

    @Test("help, --help and -h: exit status 0 and a line for each of the six commands", arguments: ["help", "--help", "-h"])
    func help(_ word: String) throws {
        let run = try Hegen.run([word], timeout: 20)
        #expect(run.exited(0), "\(run)")
        #expect(run.stdout.hasPrefix("usage: hegen <command> [options]\n\ncommands:\n"), "\(run)")
        let listed = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed == Self.commands, "\(run)")
    }
}
