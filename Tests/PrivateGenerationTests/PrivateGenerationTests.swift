import Foundation
import LanguageModel
import PrivateGeneration
import SamplingExperiments
import Testing
import TestSupport
import TokenOrdering

/// End-to-end private generation through **two processes** on the embedded tiny model (**insecure** N = 2^12
/// bootstrapping preset, 9 levels left, 2048 slots, real bootstrapping): this test is the client (key
/// generation, encryption of the prompt's embedding and of the draws, decryption); `hegen serve` in a child
/// process is the server, which receives evaluation keys only — the protocol has no message that carries a
/// secret key, and the server refuses one where a key belongs (GenerationServiceTests).
@Suite("Private generation end to end: hegen serve + client over loopback TCP (tiny model, real bootstrapping, insecure N = 2^12)",
       .serialized)
struct PrivateGenerationTests {
    /// The first line of a pipe (the server's "listening on HOST:PORT …").
    static func firstLine(of handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while let byte = try? handle.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("a hostile session is refused and the next one generates three tokens equal to the plaintext samplers' for the same draws")
    func generatesThroughTwoProcesses() throws {
        let executable = try #require(ToolLocator.hegen, "hegen is not built beside the tests (run `swift build -c release` first)")
        let server = Process()
        server.executableURL = executable
        server.arguments = ["serve", "--port", "0", "--insecure-test-preset", "--sessions", "2"]
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        let banner = Self.firstLine(of: output.fileHandleForReading)
        print("server: \(banner)")
        #expect(banner.contains("INSECURE"))
        let port = try #require(banner.split(separator: " ").dropFirst(2).first?.split(separator: ":").last.flatMap { UInt16($0) })

        // Session 1: a truncated frame; the server answers with an error and goes on.
        let hostile = try SocketStream.connect(host: "127.0.0.1", port: port)
        try hostile.write(Array("ELMG".utf8) + [1, 0])
        hostile.finishWriting()
        guard case let .error(text) = try hostile.receive() else { Issue.record("no error for a truncated frame"); return }
        #expect(text.contains("closed by the peer"))

        // Session 2: a private generation.
        let bundle = try LanguageModelBundle.embedded()
        let model = bundle.model
        // Any permutation works (the head and the table absorb it); a tour would come from TokenOrdering.
        let ordering = Array((0..<model.configuration.vocabularySize).reversed())
        let session = try ClientSession(bundle: bundle, preset: .insecureTest, ordering: ordering, temperature: 1)
        let prompt = [try #require(try bundle.tokenizer.encode("Emma").first)]
        let draws = GenerationSetup.draws(seed: 7, count: 3)

        // The plaintext references for the same draws: exact inverse-CDF sampling with the exact embedding fed
        // back, and `hegen generate --sampler polynomial --post-process` (the polynomial sampler's mixture fed back).
        let exact = try session.setup.referenceTokens(model: model, prompt: prompt, draws: draws)
        var random = SplitMix64(seed: 7)
        let polynomial = try PolynomialSamplingGenerator(
            model: model, sampler: .polynomial(ordering: try VocabularyOrdering(permutation: ordering, name: "reversed"), postProcess: true),
            temperature: 1
        ).generate(promptTokens: prompt, count: draws.count, using: &random).map(\.token)

        let stream = try SocketStream.connect(host: "127.0.0.1", port: port)
        let transcript = try session.run(prompt: prompt, draws: draws, over: stream) { event in
            if case let .token(index, token, weight, seconds) = event {
                print(String(format: "token %d: %d (PP(I) entry %.9f) in %.1f s", index, token, weight, seconds))
            }
        }
        print("prompt \(prompt) → \(transcript.tokens) (exact \(exact), polynomial \(polynomial)): "
              + "\"\(try bundle.tokenizer.decode(transcript.tokens))\"; \(transcript.bootstraps) bootstraps, "
              + "\(transcript.bytesToServer) bytes to the server, \(transcript.bytesToClient) back")
        #expect(transcript.tokens == exact)
        #expect(transcript.tokens == polynomial)
        // Measured PP(I) entries within 3e−9 of 1 (1.000000001, 0.999999997, 0.999999997).
        for weight in transcript.weights { #expect(abs(weight - 1) <= 1e-7) }
        // Keys (≈ 248 MB seeded) dominate what the client sends; three one-hot ciphertexts come back.
        #expect(transcript.bytesToServer > 200_000_000)
        #expect(transcript.bytesToClient > 0 && transcript.bytesToClient < 5_000_000)
        #expect(transcript.bootstraps > 0)

        server.waitUntilExit()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        print(log)
        #expect(server.terminationStatus == 0)
        #expect(log.contains("session 1: failed"))
        #expect(log.contains("session 2: completed; 3 positions, 3 tokens"))
    }
}
