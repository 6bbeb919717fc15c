import Foundation
import LanguageModel
import PrivateGeneration
import Testing

/// A command line `hegen` must refuse with exit status 1 and one line on standard error.
struct RefusedCommandLine: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    /// The whole line (`exact`) or its beginning (a system error text follows, e.g. for a missing file).
    let message: String
    let exact: Bool

    init(_ arguments: [String], _ message: String, exact: Bool = true) {
        self.arguments = arguments
        self.message = "hegen: error: " + message
        self.exact = exact
    }

    var testDescription: String { "hegen " + arguments.joined(separator: " ") }
}

/// Argument errors, each before any heavy work (no test here starts a key generation: the secure preset's
/// takes minutes and gigabytes; the encrypted happy paths are PrivateGenerationTests' and WorkerTests').
@Suite("hegen: argument errors")
struct ArgumentErrorTests {
    static let missing = "/nonexistent-hegen-tests"

    static let parsing: [RefusedCommandLine] = [
        .init(["frobnicate"], "unknown command 'frobnicate' (try `hegen help`)"),
        .init(["generate"], "missing required option --prompt"),
        .init(["order"], "missing required option --embeddings"),
        .init(["experiment", "onehot"], "missing required option --prompt"),
        .init(["experiment", "noise", "--prompt", "x"],
              "invalid value 'noise runs the embedded model's calibration texts' for --prompt/--model"),
        .init(["experiment", "noise", "--runs", "0"], "invalid value '0' for --runs"),
        .init(["experiment", "onehot", "--prompt", "x", "--prompt", "y"], "invalid value 'one prompt for onehot' for --prompt"),
        .init(["experiment", "transfer", "--prompt", "x"], "unknown experiment 'transfer' (use onehot, collapse or noise)"),
        .init(["experiment"], "experiment needs a kind: onehot, collapse or noise"),
        .init(["generate", "--prompt"], "option --prompt needs a value"),
        .init(["generate", "--prompt", "x", "--max-tokens"], "option --max-tokens needs a value"),
        .init(["generate", "--prompt", "x", "--max-tokens", "abc"], "invalid value 'abc' for --max-tokens"),
        .init(["generate", "--prompt", "x", "--seed", "-1"], "invalid value '-1' for --seed"),
        .init(["generate", "--prompt", "x", "--max-token", "5"], "unexpected arguments: --max-token 5"),
        .init(["demo", "--fast"], "unexpected arguments: --fast"),
        .init(["worker", "--port", "7"], "unexpected arguments: --port 7"),
        .init(["serve", "--secure"], "unexpected arguments: --secure"),
    ]

    /// Values the commands check themselves (some after loading the model).
    static let validation: [RefusedCommandLine] = [
        .init(["experiment", "onehot", "--prompt", "x", "--texts", "2"], "unexpected arguments: --texts 2"),
        .init(["generate", "--prompt", "x", "--temperature", "warm"], "invalid value 'warm' for --temperature"),
        .init(["generate", "--prompt", "x", "--temperature", "-1"], "invalid value '-1.0' for --temperature"),
        .init(["generate", "--prompt", "x", "--max-tokens", "0"], "invalid value '0' for --max-tokens"),
        .init(["generate", "--prompt", "x", "--sampler", "greedy"], "invalid value 'greedy' for --sampler"),
        .init(["generate", "--prompt", "x", "--precision", "f16"], "invalid value 'f16' for --precision"),
        .init(["generate", "--prompt", "x", "--post-process"], "invalid value 'only with --sampler polynomial' for --ordering/--post-process"),
        .init(["generate", "--prompt", "x", "--ordering", "o.json"], "invalid value 'only with --sampler polynomial' for --ordering/--post-process"),
        .init(["generate", "--prompt", "x", "--sampler", "polynomial", "--temperature", "0"],
              "invalid argument: the polynomial sampler needs a temperature above 0"),
        .init(["order", "--embeddings", "e.npy", "--method", "identity"], "invalid value 'identity' for --method"),
        .init(["order", "--embeddings", "e.npy", "--method", "fancy"], "invalid value 'fancy' for --method"),
        .init(["order", "--embeddings", "e.npy", "--neighbors", "1"],
              "invalid value '60.0/1/9223372036854775807' for --time-limit/--neighbors/--kicks"),
        .init(["order", "--embeddings", "e.npy", "--time-limit", "-1"],
              "invalid value '-1.0/10/9223372036854775807' for --time-limit/--neighbors/--kicks"),
        .init(["experiment", "onehot", "--prompt", "x", "--draws", "0"], "invalid value '0' for --draws"),
        .init(["experiment", "onehot", "--prompt", "x", "--temperature", "0"], "invalid value '0.0' for --temperature"),
        .init(["experiment", "onehot", "--prompt", "x", "--insecure-test-preset"],
              "invalid value 'without --encrypted' for --insecure-test-preset"),
        .init(["experiment", "collapse", "--prompt", "x", "--tokens", "4"], "invalid value '20/4/0.5' for --texts/--tokens/--threshold"),
        .init(["experiment", "collapse", "--prompt", "x", "--threshold", "1.5"], "invalid value '20/200/1.5' for --texts/--tokens/--threshold"),
    ]

    /// The private-generation commands' errors, all caught before a key is generated.
    static let encrypted: [RefusedCommandLine] = [
        .init(["serve", "--port", "70000"], "invalid value '70000' for --port"),
        .init(["serve", "--port", "http"], "invalid value 'http' for --port"),
        .init(["serve", "--sessions", "-1"], "invalid value '-1' for --sessions"),
        .init(["generate", "--prompt", "x", "--server", "127.0.0.1:9"],
              "invalid value 'only with --encrypted' for --insecure-test-preset/--server/--server-command/--json"),
        .init(["generate", "--prompt", "x", "--insecure-test-preset", "--json"],
              "invalid value 'only with --encrypted' for --insecure-test-preset/--server/--server-command/--json"),
        .init(["generate", "--encrypted", "--prompt", "x", "--server", "127.0.0.1:9", "--server-command", "hegen worker"],
              "invalid value 'not together with --server' for --server-command"),
        .init(["generate", "--encrypted", "--prompt", "x", "--server", "localhost"], "invalid value 'localhost' for --server"),
        .init(["generate", "--encrypted", "--prompt", "x", "--server", "127.0.0.1:70000"], "invalid value '127.0.0.1:70000' for --server"),
        .init(["generate", "--encrypted", "--prompt", "x", "--model", try! LanguageModelBundle.embeddedModelURL().path],
              "invalid value 'the encrypted layers are built for the embedded tiny model' for --model"),
    ]

    /// Files that do not exist: an error naming the file, never a trap.
    static let missingFiles: [RefusedCommandLine] = [
        .init(["generate", "--prompt", "x", "--model", "\(missing)/m.gguf"], "\(missing)/m.gguf: cannot read the file: ", exact: false),
        .init(["generate", "--prompt", "x", "--sampler", "polynomial", "--ordering", "\(missing)/o.json"],
              "invalid token ordering: \(missing)/o.json: ", exact: false),
        .init(["generate", "--encrypted", "--prompt", "x", "--ordering", "\(missing)/o.json"],
              "invalid token ordering: \(missing)/o.json: ", exact: false),
        .init(["order", "--embeddings", "\(missing)/e.npy"], "\(missing)/e.npy: cannot read the file: ", exact: false),
        .init(["experiment", "onehot", "--prompt", "x", "--model", "\(missing)/m.gguf"], "\(missing)/m.gguf: cannot read the file: ", exact: false),
        .init(["experiment", "collapse", "--prompt", "x", "--ordering", "\(missing)/o.json"],
              "invalid token ordering: \(missing)/o.json: ", exact: false),
    ]

    @Test("parse errors: exit status 1, one line on stderr, nothing on stdout", arguments: parsing)
    func parseErrors(_ line: RefusedCommandLine) throws { try Self.expectRefused(line, alone: true) }

    @Test("values the commands validate: exit status 1 and the exact message", arguments: validation)
    func validationErrors(_ line: RefusedCommandLine) throws { try Self.expectRefused(line) }

    @Test("serve, worker and generate --encrypted: refused before any key generation", arguments: encrypted)
    func encryptedErrors(_ line: RefusedCommandLine) throws { try Self.expectRefused(line, within: 30) }

    @Test("a missing model, ordering or embeddings file: exit status 1 naming the file", arguments: missingFiles)
    func missingFileErrors(_ line: RefusedCommandLine) throws { try Self.expectRefused(line) }

    @Test("more tokens than the encrypted KV cache holds: refused before calibration and keys")
    func encryptedCapacity() throws {
        let prompt = "It is a truth"
        let promptTokens = try LanguageModelBundle.embedded().tokenizer.encodeForGeneration(prompt).count
        try Self.expectRefused(.init(
            ["generate", "--encrypted", "--insecure-test-preset", "--prompt", prompt, "--max-tokens", "100"],
            "invalid value '100 (prompt \(promptTokens) tokens + generated ≤ \(GenerationPreset.capacity + 1))' for --max-tokens"),
            within: 30)
    }

    @Test("files that are not what they claim (text as a model, ordering or embeddings): an error, not a trap")
    func malformedFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let junk = folder.path("junk.bin")
        try Data("not a model file\n".utf8).write(to: URL(fileURLWithPath: junk))
        for arguments in [
            ["generate", "--prompt", "x", "--model", junk],
            ["generate", "--prompt", "x", "--sampler", "polynomial", "--ordering", junk],
            ["order", "--embeddings", junk],
        ] {
            let run = try Hegen.run(arguments, timeout: 30)
            #expect(run.exited(1), "\(run)")
            #expect(run.stderrLines.last?.hasPrefix("hegen: error: ") == true && run.stderr.contains("junk.bin"), "\(run)")
        }
    }

    /// Exit status exactly 1 (a trap would end in a signal) and the error as the last line of stderr, the only
    /// `hegen: error:` line (a command that loaded the model first has logged that above it). `alone`: the error is
    /// all the run printed (parse errors, caught before anything is loaded).
    static func expectRefused(_ line: RefusedCommandLine, within timeout: Double = 20, alone: Bool = false) throws {
        let run = try Hegen.run(line.arguments, timeout: timeout)
        #expect(run.exited(1), "\(run)")
        let last = try #require(run.stderrLines.last, "\(run)")
        #expect(line.exact ? last == line.message : last.hasPrefix(line.message), "\(run)")
        #expect(run.stderrLines.filter { $0.hasPrefix("hegen: error:") }.count == 1, "\(run)")
        if alone { #expect(run.stderrLines.count == 1 && run.stdout.isEmpty, "\(run)") }
    }
}
