import Bootstrapping
import CKKS
import EncryptedSampling
import EncryptedTransformer
import Foundation
import LanguageModel

/// The server end of the generation protocol (`GenerationMessage`): it answers one client session at a time
/// over a `SocketStream`, holding **evaluation keys only** — the protocol has no message that carries a secret
/// key and this type no API that takes one, so nothing here can decrypt.
///
/// Every message is decoded against the server's own context and the preset's policy, checked for shape (level,
/// scale, slots) before any circuit touches it, and any error ends that session with an `error` message; the
/// next session starts afresh.
public struct GenerationService: Sendable {
    public let bundle: LanguageModelBundle
    public let preset: GenerationPreset
    public let parameters: BootstrappingParameters
    public let context: CKKSContext
    public let limits: FrameLimits
    /// The most seconds the server waits for a client's next message before ending the session.
    public let idleTimeout: Int
    let serializedParameters: [UInt8]
    let modelDigest: String

    /// - Parameters:
    ///   - bundle: the public model and tokenizer (the embedded tiny model: the encrypted layers are built for it).
    ///   - preset: the only parameter set this server accepts.
    ///   - limits: per-message size limits.
    ///   - idleTimeout: seconds (default 30 min: a 128-bit client may spend minutes generating its keys).
    /// - Throws: bootstrapping parameter and CKKS context errors.
    public init(bundle: LanguageModelBundle, preset: GenerationPreset, limits: FrameLimits = .default, idleTimeout: Int = 1800) throws {
        self.bundle = bundle
        self.preset = preset
        parameters = try preset.parameters()
        context = try CKKSContext(parameters: parameters.scheme)
        self.limits = limits
        self.idleTimeout = idleTimeout
        serializedParameters = CKKSSerialization.serialize(parameters.scheme)
        modelDigest = GenerationSetup.modelDigest(of: bundle.model)
    }

    /// What one session did.
    public struct SessionReport: Sendable {
        /// Prompt positions and generated tokens processed.
        public var positions = 0
        public var tokens = 0
        public var bootstraps = 0
        public var bytesReceived = 0
        public var bytesSent = 0
        /// Why the session ended early (`nil`: the client said `end`).
        public var failure: String?
    }

    /// Serves one session to its end. Never throws: a failure is sent to the client (when the connection still
    /// allows) and returned in the report.
    /// - Parameter log: one line per stage (accepted, keys, each step and token).
    public func serve(_ stream: SocketStream, log: (String) -> Void = { _ in }) -> SessionReport {
        var report = SessionReport()
        if idleTimeout > 0 { stream.setTimeout(seconds: idleTimeout) }
        do {
            try runSession(stream, report: &report, log: log)
        } catch {
            report.failure = "\(error)"
            if case GenerationProtocolError.peer = error {} else { try? stream.send(.error("\(error)")) }
        }
        report.bytesReceived = stream.bytesReceived
        report.bytesSent = stream.bytesSent
        return report
    }

    private func runSession(_ stream: SocketStream, report: inout SessionReport, log: (String) -> Void) throws {
        // 1. Hello: the same preset, parameters and model; a valid temperature, capacity and ordering.
        guard case let .hello(hello) = try receive(stream) else { throw GenerationProtocolError.unexpected("expected a hello first") }
        try check(hello)
        let setup = try GenerationSetup.calibrated(
            model: bundle.model, tokenizer: bundle.tokenizer, texts: GenerationSetup.defaultCalibrationTexts,
            ordering: hello.ordering, temperature: hello.temperature, capacity: hello.capacity)
        let server = try GenerationServer(
            model: bundle.model, setup: setup, context: context, levelsAfterBootstrap: GenerationPreset.levelsAfterBootstrap)
        try stream.send(.accepted(.init(embeddingBound: setup.calibration.embeddingBound, requirements: server.keyRequirements)))
        log("session accepted: T = \(hello.temperature), \(hello.ordering.count)-token ordering")

        // 2. Keys: decoded under the preset's policy, checked to cover every circuit's needs.
        guard case let .keys(bundleBytes) = try receive(stream) else { throw GenerationProtocolError.unexpected("expected the keys") }
        let keys = try decodeKeys(bundleBytes, requirements: server.keyRequirements)
        let bootstrapper = CountingBootstrapper(try Bootstrapper(parameters: parameters, context: context, keys: keys))
        try stream.send(.ready)
        log("evaluation keys received (\(bundleBytes.byteCount) bytes), \(keys.galoisKeys.elements.count) Galois keys")

        // 3. Steps: prompt embeddings, then draws; the fed-back embedding stays on the server.
        var cache = server.model.makeCache()
        var hidden: EncryptedVector?
        var fedBack: EncryptedVector?
        let d = bundle.model.configuration.embeddingLength
        let drawShape = try server.sampler.drawsPlaintext(Array(repeating: 0.5, count: server.drawCount))
        while true {
            switch try receive(stream) {
            case let .promptEmbedding(bytes):
                guard fedBack == nil else { throw GenerationProtocolError.unexpected("a prompt embedding after the first draw") }
                let ciphertext = try decodeCiphertext(
                    bytes, level: GenerationPreset.levelsAfterBootstrap, scale: context.parameters.defaultScale, what: "prompt embedding")
                let embedding = EncryptedVector(ciphertext: ciphertext, count: d, bound: setup.calibration.embeddingBound)
                hidden = try server.step(embedding, cache: &cache, bootstrapper: bootstrapper)
                report.positions += 1
                try stream.send(.stepped(position: cache.count))
                log("prompt position \(cache.count) stepped")
            case let .draw(bytes):
                let ciphertext = try decodeCiphertext(bytes, level: drawShape.level, scale: drawShape.scale, what: "draw")
                if let input = fedBack {
                    hidden = try server.step(input, cache: &cache, bootstrapper: bootstrapper)
                    report.positions += 1
                }
                guard let state = hidden else { throw GenerationProtocolError.unexpected("a draw before any prompt embedding") }
                let sample = try server.sample(hidden: state, draws: .encrypted(ciphertext), bootstrapper: bootstrapper)
                hidden = nil
                fedBack = sample.next
                report.tokens += 1
                report.bootstraps = bootstrapper.count
                try stream.send(.oneHot(ciphertext: CKKSSerialization.serialize(sample.oneHot), bootstraps: bootstrapper.count))
                log("token \(report.tokens) sampled (\(bootstrapper.count) bootstraps so far)")
            case .end:
                report.bootstraps = bootstrapper.count
                return
            case let .error(text):
                throw GenerationProtocolError.peer(text)
            default:
                throw GenerationProtocolError.unexpected("only prompt embeddings, draws and end after the keys")
            }
        }
    }

    private func receive(_ stream: SocketStream) throws(GenerationProtocolError) -> GenerationMessage {
        let message = try stream.receive(limits: limits)
        if case let .error(text) = message { throw .peer(text) }
        return message
    }

    private func check(_ hello: GenerationMessage.Hello) throws(GenerationProtocolError) {
        guard hello.preset == preset.rawValue else {
            throw .mismatch("the client asks for preset \"\(hello.preset)\"; this server runs \"\(preset.rawValue)\" only")
        }
        guard hello.parameters == serializedParameters else {
            throw .mismatch("the client's CKKS parameters are not this server's \(preset.label)")
        }
        guard hello.modelDigest == modelDigest else { throw .mismatch("the client's model is not this server's") }
        guard hello.temperature.isFinite, (0.05...20).contains(hello.temperature) else {
            throw .malformed("temperature \(hello.temperature) outside [0.05, 20]")
        }
        guard hello.capacity == GenerationPreset.capacity else {
            throw .malformed("capacity \(hello.capacity); the \(GenerationPreset.slotCount)-slot layout holds \(GenerationPreset.capacity)")
        }
        let vocabulary = bundle.model.configuration.vocabularySize
        guard hello.ordering.count == vocabulary, Set(hello.ordering) == Set(0..<vocabulary) else {
            throw .malformed("the ordering is not a permutation of the \(vocabulary) tokens")
        }
    }

    private func decodeKeys(_ bytes: GenerationMessage.KeyBundle, requirements: EvaluationKeyRequirements) throws -> BootstrappingKeys {
        let policy = preset.deserializationPolicy
        let galois = try CKKSSerialization.deserializeGaloisKeys(bytes.galoisKeys, context: context, policy: policy)
        let needed = requirements.union(parameters.keyRequirements).galoisElements(degree: context.degree)
        let missing = needed.subtracting(galois.elements)
        guard missing.isEmpty else {
            throw GenerationProtocolError.mismatch("the keys lack \(missing.count) Galois elements the circuits need, e.g. \(missing.min()!)")
        }
        let encapsulation = try bytes.encapsulation.map {
            try CKKSSerialization.deserializeKeySwitchingKey($0, context: context, policy: policy)
        }
        return BootstrappingKeys(
            relinearizationKey: try CKKSSerialization.deserializeRelinearizationKey(bytes.relinearizationKey, context: context, policy: policy),
            galoisKeys: galois,
            encapsulation: encapsulation.isEmpty ? nil : .init(toSparse: encapsulation[0], toDense: encapsulation[1]))
    }

    /// A fresh client ciphertext of the expected shape: two components, `level`, the session's slots and `scale`.
    private func decodeCiphertext(_ bytes: [UInt8], level: Int, scale: Double, what: String) throws -> Ciphertext {
        let ciphertext = try CKKSSerialization.deserializeCiphertext(bytes, context: context, policy: preset.deserializationPolicy)
        guard ciphertext.size == 2, ciphertext.level == level, ciphertext.slotCount == GenerationPreset.slotCount,
              abs(ciphertext.scale / scale - 1) < 1e-9
        else {
            throw GenerationProtocolError.malformed(
                "\(what): size \(ciphertext.size), level \(ciphertext.level), \(ciphertext.slotCount) slots, scale "
                    + "2^\(log2(ciphertext.scale)); expected 2, \(level), \(GenerationPreset.slotCount), 2^\(log2(scale))")
        }
        return ciphertext
    }
}
