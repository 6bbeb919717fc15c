import Bootstrapping
import CKKS
import EncryptedSampling
import EncryptedTransformer
import Foundation
import LanguageModel

/// The client end of the generation protocol (`GenerationMessage`): one private generation over a
/// `SocketStream` to a `GenerationService` — in another process over TCP, or in this one over a socket pair.
///
/// The secret key is generated inside `run` and never leaves it: the server receives the hello, the evaluation
/// keys, the encrypted prompt embeddings and the encrypted draws, and returns one encrypted one-hot vector per
/// token, which only this client can read.
public struct ClientSession: Sendable {
    public let bundle: LanguageModelBundle
    public let preset: GenerationPreset
    public let parameters: BootstrappingParameters
    /// The public setup (the server computes the same one from the hello and proves it by σ_emb).
    public let setup: GenerationSetup

    /// - Parameters:
    ///   - bundle: the model (its embeddings are what the client encrypts) and tokenizer.
    ///   - preset: the parameter set to ask the server for.
    ///   - ordering: π, tour position → token.
    ///   - temperature: T > 0.
    /// - Throws: calibration and parameter errors.
    public init(bundle: LanguageModelBundle, preset: GenerationPreset, ordering: [Int], temperature: Double) throws {
        self.bundle = bundle
        self.preset = preset
        parameters = try preset.parameters()
        setup = try GenerationSetup.calibrated(
            model: bundle.model, tokenizer: bundle.tokenizer, texts: GenerationSetup.defaultCalibrationTexts,
            ordering: ordering, temperature: temperature, capacity: GenerationPreset.capacity)
    }

    /// What the session reports as it goes.
    public enum Event: Sendable {
        case accepted(requirements: EvaluationKeyRequirements)
        case keysSent(bytes: Int, seconds: Double)
        case prefilled(position: Int, of: Int, seconds: Double)
        case token(index: Int, token: Int, weight: Double, seconds: Double)
    }

    /// What a finished session produced and cost.
    public struct Transcript: Sendable {
        public var tokens: [Int] = []
        /// The largest decrypted PP(I) entry of each token (≈ 1).
        public var weights: [Double] = []
        /// Seconds from sending each draw to decrypting its token (server's forward step and sampler included).
        public var tokenSeconds: [Double] = []
        public var bootstraps = 0
        public var bytesToServer = 0
        public var bytesToClient = 0
    }

    /// Generates `draws.count` tokens after `prompt`.
    /// - Parameters:
    ///   - prompt: token ids (1 … capacity − draws.count + 1 of them).
    ///   - draws: one r ∈ [0, 1) per token (`GenerationSetup.draws(seed:count:)` for reproducible ones).
    ///   - stream: a connection to a server.
    ///   - events: progress, in order.
    /// - Throws: `GenerationProtocolError` (`.peer` carries the server's error), CKKS and sampler errors.
    public func run(
        prompt: [Int], draws: [Double], over stream: SocketStream, events: (Event) -> Void = { _ in }
    ) throws -> Transcript {
        guard !prompt.isEmpty, prompt.count + draws.count <= GenerationPreset.capacity + 1 else {
            throw GenerationProtocolError.malformed(
                "prompt of \(prompt.count) tokens + \(draws.count) generated exceeds \(GenerationPreset.capacity + 1)")
        }
        do {
            return try runSession(prompt: prompt, draws: draws, stream: stream, events: events)
        } catch {
            if case GenerationProtocolError.peer = error {} else { try? stream.send(.error("client: \(error)")) }
            throw error
        }
    }

    private func runSession(prompt: [Int], draws: [Double], stream: SocketStream, events: (Event) -> Void) throws -> Transcript {
        let context = try CKKSContext(parameters: parameters.scheme)
        try stream.send(.hello(.init(
            preset: preset, model: bundle.model, temperature: setup.softmax.temperature, ordering: setup.ordering)))
        guard case let .accepted(acceptance) = try receive(stream) else { throw GenerationProtocolError.unexpected("expected an acceptance") }
        guard acceptance.embeddingBound == setup.calibration.embeddingBound else {
            throw GenerationProtocolError.mismatch(
                "the server's embedding scale \(acceptance.embeddingBound) is not the client's \(setup.calibration.embeddingBound)")
        }
        events(.accepted(requirements: acceptance.requirements))

        // Keys: the secret key stays in this scope; only evaluation keys leave.
        let keysStart = Date()
        var csprng = ChaChaGenerator.system()
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey(using: &csprng)
        let keys = try generator.bootstrappingKeys(
            for: secretKey, parameters: parameters, applicationRequirements: acceptance.requirements, using: &csprng)
        let keyBundle = GenerationMessage.KeyBundle(keys)
        try stream.send(.keys(keyBundle))
        guard case .ready = try receive(stream) else { throw GenerationProtocolError.unexpected("expected ready") }
        events(.keysSent(bytes: keyBundle.byteCount, seconds: Date().timeIntervalSince(keysStart)))

        let client = try GenerationClient(
            setup: setup, secretKey: secretKey, vocabularySize: bundle.model.configuration.vocabularySize,
            levelsAfterBootstrap: GenerationPreset.levelsAfterBootstrap)
        for (i, token) in prompt.enumerated() {
            let start = Date()
            let embedding = try client.encryptEmbedding(
                of: token, model: bundle.model, level: GenerationPreset.levelsAfterBootstrap, using: &csprng)
            try stream.send(.promptEmbedding(ciphertext: CKKSSerialization.serialize(embedding.ciphertext)))
            guard case .stepped = try receive(stream) else { throw GenerationProtocolError.unexpected("expected stepped") }
            events(.prefilled(position: i + 1, of: prompt.count, seconds: Date().timeIntervalSince(start)))
        }

        var transcript = Transcript()
        for r in draws {
            let start = Date()
            guard case let .encrypted(draw) = try client.encryptDraw(r, using: &csprng) else { preconditionFailure("encrypted draw") }
            try stream.send(.draw(ciphertext: CKKSSerialization.serialize(draw)))
            guard case let .oneHot(bytes, bootstraps) = try receive(stream) else { throw GenerationProtocolError.unexpected("expected a one-hot vector") }
            let oneHot = try CKKSSerialization.deserializeCiphertext(bytes, context: context, policy: preset.deserializationPolicy)
            let (token, weight) = try client.token(fromOneHot: oneHot)
            transcript.tokens.append(token)
            transcript.weights.append(weight)
            transcript.tokenSeconds.append(Date().timeIntervalSince(start))
            transcript.bootstraps = bootstraps
            events(.token(index: transcript.tokens.count, token: token, weight: weight, seconds: transcript.tokenSeconds.last!))
        }
        try stream.send(.end)
        transcript.bytesToServer = stream.bytesSent
        transcript.bytesToClient = stream.bytesReceived
        return transcript
    }

    private func receive(_ stream: SocketStream) throws(GenerationProtocolError) -> GenerationMessage {
        let message = try stream.receive(limits: FrameLimits(maximumKeyBytes: 0))
        if case let .error(text) = message { throw .peer(text) }
        return message
    }
}
