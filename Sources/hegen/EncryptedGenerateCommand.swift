import Foundation
import LanguageModel
import PrivateGeneration
import SamplingExperiments
import TokenOrdering

// `hegen generate --encrypted [--insecure-test-preset] [--server HOST:PORT] --prompt TEXT [--max-tokens N]
//                 [--seed S] [--temperature T] [--ordering ORDER.json] [--json]`: the client of a private
// generation. It generates the keys, encrypts the prompt's embeddings and its draws, and decrypts each one-hot
// vector the server returns, streaming the text. With `--server` the server is another process (`hegen serve`);
// without, it runs in this process on a thread, over a socket pair carrying exactly the same messages. The
// embedded tiny model only (the encrypted layers are built for it).
func runEncryptedGenerate(
    bundle: LanguageModelBundle, prompt: String, maxTokens: Int, seed: UInt64, temperature: Double,
    orderingPath: String?, insecure: Bool, server: (host: String, port: UInt16)?, serverCommand: String?, json: Bool
) throws {
    let model = bundle.model
    let vocabulary = model.configuration.vocabularySize
    let ordering = try orderingPath.map {
        try VocabularyOrdering.load(contentsOf: URL(fileURLWithPath: $0), vocabularySize: vocabulary)
    } ?? VocabularyOrdering.identity(count: vocabulary)
    let promptTokens = try bundle.tokenizer.encodeForGeneration(prompt)
    guard !promptTokens.isEmpty, promptTokens.count + maxTokens <= GenerationPreset.capacity + 1 else {
        throw CommandLineError.invalidValue(
            option: "--max-tokens",
            value: "\(maxTokens) (prompt \(promptTokens.count) tokens + generated ≤ \(GenerationPreset.capacity + 1))")
    }
    let preset: GenerationPreset = insecure ? .insecureTest : .secure
    let start = Date()
    @Sendable func progress(_ text: String) {
        FileHandle.standardError.write(Data(String(format: "hegen [%7.1f s] %@\n", Date().timeIntervalSince(start), text).utf8))
    }
    progress("encrypted generation on the \(preset.label); calibrating on the model's own text")
    let session = try ClientSession(bundle: bundle, preset: preset, ordering: ordering.permutation, temperature: temperature)

    let stream: SocketStream
    var serverProcess: Process?
    if let serverCommand {
        // A server started by a command whose stdin/stdout carry the frames: `hegen worker`, locally or on
        // another machine (`ssh HOST hegen worker`). Only evaluation keys and ciphertexts go through the pipes.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", serverCommand]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        signal(SIGPIPE, SIG_IGN)  // a worker that exits makes the next write fail, not this process die
        try process.run()
        serverProcess = process
        stream = SocketStream(
            readDescriptor: dup(output.fileHandleForReading.fileDescriptor),
            writeDescriptor: dup(input.fileHandleForWriting.fileDescriptor))
        try input.fileHandleForWriting.close()
        try output.fileHandleForReading.close()
        progress("server started by `\(serverCommand)` (frames over its stdin/stdout)")
    } else if let (host, port) = server {
        stream = try SocketStream.connect(host: host, port: port)
        progress("connected to the server at \(host):\(port)")
    } else {
        let (client, serverDescriptor) = try SocketStream.pair()
        let service = try GenerationService(bundle: bundle, preset: preset)
        let thread = Thread {
            let report = service.serve(SocketStream(descriptor: serverDescriptor))
            if let failure = report.failure { progress("server: \(failure)") }
        }
        thread.stackSize = 8 << 20
        thread.start()
        stream = client
        progress("server started in this process (evaluation keys only, over a socket pair)")
    }

    var decoder = StreamingTextDecoder(tokenizer: bundle.tokenizer)
    let stdout = FileHandle.standardOutput
    stdout.write(Data(prompt.utf8))
    let draws = GenerationSetup.draws(seed: seed, count: maxTokens)
    let transcript = try session.run(prompt: promptTokens, draws: draws, over: stream) { event in
        switch event {
        case let .accepted(requirements):
            progress("server accepted the session; generating keys (\(requirements.rotations.count) rotations for its circuits, plus bootstrapping's)")
        case let .keysSent(bytes, seconds):
            progress(String(format: "keys generated and sent: %.1f MB (seeded) in %.1f s", Double(bytes) / 1e6, seconds))
        case let .prefilled(position, count, seconds):
            progress(String(format: "prefill %d/%d: encrypted forward pass in %.1f s", position, count, seconds))
        case let .token(index, token, weight, seconds):
            progress(String(format: "token %d/%d: %d (PP(I) entry %.6f) in %.1f s (forward pass + sampler); about %.0f s left",
                            index, maxTokens, token, weight, seconds, seconds * Double(maxTokens - index)))
            if let text = try? decoder.append(token) { stdout.write(Data(text.utf8)) }
        }
    }
    stdout.write(Data((decoder.flush() + "\n").utf8))
    serverProcess?.waitUntilExit()

    // The plaintext reference: `hegen generate --sampler polynomial --post-process` with the same seed, ordering
    // and temperature (the same draws r).
    var random = SplitMix64(seed: seed)
    let reference = try PolynomialSamplingGenerator(
        model: model, sampler: .polynomial(ordering: ordering, postProcess: true), temperature: temperature
    ).generate(promptTokens: promptTokens, count: maxTokens, using: &random).map(\.token)
    let matches = reference == transcript.tokens
    let secondsPerToken = transcript.tokenSeconds.reduce(0, +) / Double(max(transcript.tokens.count, 1))
    progress(String(format: "%@: %d tokens, %.1f s per token, %d bootstraps, %.1f MB sent to the server, %.1f MB to the client; %@ the plaintext polynomial sampler's tokens",
                    insecure ? "INSECURE" : "128-bit", transcript.tokens.count, secondsPerToken, transcript.bootstraps,
                    Double(transcript.bytesToServer) / 1e6, Double(transcript.bytesToClient) / 1e6,
                    matches ? "equal to" : "DIFFERENT FROM"))
    if json {
        print("{\"benchmark\": \"generate.encrypted\", \"secure\": \"\(preset.rawValue)\", \"tokens\": \(transcript.tokens.count), "
              + "\"seconds_per_token\": \(String(format: "%.1f", secondsPerToken)), \"bootstraps\": \(transcript.bootstraps), "
              + "\"bytes_client_to_server\": \(transcript.bytesToServer), \"bytes_server_to_client\": \(transcript.bytesToClient), "
              + "\"matches_plaintext_reference\": \(matches)}")
    }
    guard matches else { throw EncryptedGenerationError.referenceMismatch(encrypted: transcript.tokens, plaintext: reference) }
}

/// HOST:PORT (IPv4 or localhost).
func parseAddress(_ text: String) throws -> (host: String, port: UInt16) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, let port = UInt16(parts[1]) else {
        throw CommandLineError.invalidValue(option: "--server", value: text)
    }
    return (String(parts[0]), port)
}

enum EncryptedGenerationError: Error, CustomStringConvertible {
    case referenceMismatch(encrypted: [Int], plaintext: [Int])

    var description: String {
        switch self {
        case let .referenceMismatch(encrypted, plaintext):
            "the encrypted tokens \(encrypted) differ from the plaintext polynomial sampler's \(plaintext)"
        }
    }
}
