import Bootstrapping
import CKKS
import Foundation
import LanguageModel
import PrivateGeneration
import RingArithmetic
import TokenOrdering

// `hegen generate --encrypted [--insecure-test-preset] --prompt TEXT [--max-tokens N] [--seed S]
//                 [--temperature T] [--ordering ORDER.json]`: private generation in one process — the client
// generates the keys and encrypts the prompt's embeddings and its draws; the server (the bootstrapper's
// evaluation keys only) runs the encrypted model and the encrypted sampler token after token; the client decrypts
// each one-hot vector and streams the text. The embedded tiny model only (the encrypted layers are built for it).
func runEncryptedGenerate(
    bundle: LanguageModelBundle, prompt: String, maxTokens: Int, seed: UInt64, temperature: Double,
    orderingPath: String?, insecure: Bool
) throws {
    let model = bundle.model
    let vocabulary = model.configuration.vocabularySize
    let ordering = try orderingPath.map {
        try VocabularyOrdering.load(contentsOf: URL(fileURLWithPath: $0), vocabularySize: vocabulary)
    } ?? VocabularyOrdering.identity(count: vocabulary)
    let capacity = 16
    let promptTokens = try bundle.tokenizer.encodeForGeneration(prompt)
    guard !promptTokens.isEmpty, promptTokens.count + maxTokens <= capacity + 1 else {
        throw CommandLineError.invalidValue(
            option: "--max-tokens", value: "\(maxTokens) (prompt \(promptTokens.count) tokens + generated ≤ \(capacity + 1))")
    }
    let start = Date()
    func progress(_ text: String) {
        FileHandle.standardError.write(Data(String(format: "hegen [%7.1f s] %@\n", Date().timeIntervalSince(start), text).utf8))
    }
    let label = insecure ? "INSECURE N = 2^12 test preset" : "128-bit N = 2^16 preset"
    progress("encrypted generation on the \(label); calibrating on the model's own text")
    let setup = try GenerationSetup.calibrated(
        model: model, tokenizer: bundle.tokenizer, texts: GenerationSetup.defaultCalibrationTexts, ordering: ordering.permutation,
        temperature: temperature, capacity: capacity)
    let parameters = insecure
        ? try BootstrappingParameters.insecureTestN12(slotCount: 2048, levelsLeft: 9)
        : try BootstrappingParameters.secureN16(slotCount: 2048, levelsLeft: 9)

    // Client: context, secret key, and the evaluation keys the server's circuits list.
    let context = try CKKSContext(parameters: parameters.scheme)
    let server = try GenerationServer(model: model, setup: setup, context: context, levelsAfterBootstrap: 9)
    var csprng = ChaChaGenerator.system()
    let secretKey = try KeyGenerator(context: context).secretKey(using: &csprng)
    let keys = try KeyGenerator(context: context).bootstrappingKeys(
        for: secretKey, parameters: parameters, applicationRequirements: server.keyRequirements, using: &csprng)
    let client = GenerationClient(setup: setup, secretKey: secretKey, sampler: server.sampler)
    var bytesToServer = keys.serializedByteCount, bytesToClient = 0
    progress(String(format: "keys generated: %.1f MB to send (seeded)", Double(keys.serializedByteCount) / 1e6))

    // Server: evaluation keys only.
    let bootstrapper = CountingBootstrapper(try Bootstrapper(parameters: parameters, context: context, keys: keys))
    var cache = server.model.makeCache()
    var draws = SplitMix64(seed: seed)
    var decoder = StreamingTextDecoder(tokenizer: bundle.tokenizer)
    let stdout = FileHandle.standardOutput
    stdout.write(Data(prompt.utf8))
    var input = try client.encryptEmbedding(of: promptTokens[0], model: model, level: 9, using: &csprng)
    var generated = 0
    var tokenSeconds = 0.0
    for position in 0..<(promptTokens.count - 1 + maxTokens) {
        bytesToServer += CKKSSerialization.serialize(input.ciphertext).count
        let stepStart = Date()
        let hidden = try server.step(input, cache: &cache, bootstrapper: bootstrapper)
        if position + 1 < promptTokens.count {
            progress(String(format: "prefill %d/%d: encrypted forward pass in %.1f s", position + 1, promptTokens.count,
                            Date().timeIntervalSince(stepStart)))
            input = try client.encryptEmbedding(of: promptTokens[position + 1], model: model, level: 9, using: &csprng)
            continue
        }
        let r = Double(draws.next() >> 11) * 0x1p-53
        let draw = try client.encryptDraw(r, using: &csprng)
        if case let .encrypted(ciphertext) = draw { bytesToServer += CKKSSerialization.serialize(ciphertext).count }
        let sample = try server.sample(hidden: hidden, draws: draw, bootstrapper: bootstrapper)
        bytesToClient += CKKSSerialization.serialize(sample.oneHot).count
        let (token, weight) = try client.token(fromOneHot: sample.oneHot)
        generated += 1
        let seconds = Date().timeIntervalSince(stepStart)
        tokenSeconds += seconds
        progress(String(format: "token %d/%d: %d (PP(I) entry %.6f) in %.1f s (forward pass + sampler); about %.0f s left",
                        generated, maxTokens, token, weight, seconds, tokenSeconds / Double(generated) * Double(maxTokens - generated)))
        if let text = try? decoder.append(token) { stdout.write(Data(text.utf8)) }
        input = sample.next
    }
    stdout.write(Data((decoder.flush() + "\n").utf8))
    progress(String(format: "%@: %d tokens, %.1f s per token, %d bootstraps, %.1f MB sent to the server, %.1f MB to the client",
                    insecure ? "INSECURE" : "128-bit", generated, tokenSeconds / Double(max(generated, 1)), bootstrapper.count,
                    Double(bytesToServer) / 1e6, Double(bytesToClient) / 1e6))
}
