import Bootstrapping
import CKKS
import LanguageModel

/// The messages of a private generation, in the order a session sends them:
///
///     client                                   server (evaluation keys only)
///     hello(preset, parameters, model, T, π) →
///                                           ← accepted(σ_emb, the keys its circuits need)
///     keys(relinearisation, Galois, …)       →
///                                           ← ready
///     promptEmbedding(Enc(E_t/σ))            →   one per prompt token: an encrypted forward step
///                                           ← stepped(position)
///     draw(Enc(r))                           →   per new token: [forward step of the fed-back embedding,]
///                                           ← oneHot(Enc(PP(I)), bootstraps)      head, sampler, feedback
///     end                                    →
///
/// `error(text)` may come from either side at any point and ends the session. CKKS objects travel as
/// `CKKSSerialization` bytes and are decoded by the receiver against its own context and policy; nothing in the
/// protocol can carry a secret key (the server has no API that accepts one).
public enum GenerationMessage: Sendable, Equatable {
    case hello(Hello)
    case accepted(Acceptance)
    case keys(KeyBundle)
    case ready
    case promptEmbedding(ciphertext: [UInt8])
    case stepped(position: Int)
    case draw(ciphertext: [UInt8])
    case oneHot(ciphertext: [UInt8], bootstraps: Int)
    case end
    case error(String)

    /// What the client proposes: everything the server needs to build the same public setup.
    public struct Hello: Sendable, Equatable {
        /// `GenerationPreset.rawValue`.
        public var preset: String
        /// `CKKSSerialization.serialize(_: CKKSParameters)` of the client's scheme (compared byte for byte).
        public var parameters: [UInt8]
        /// `GenerationSetup.modelDigest(of:)` of the client's model.
        public var modelDigest: String
        public var temperature: Double
        /// The most positions (prompt + generated) the session may hold.
        public var capacity: Int
        /// π: tour position → token.
        public var ordering: [Int]

        public init(preset: String, parameters: [UInt8], modelDigest: String, temperature: Double, capacity: Int, ordering: [Int]) {
            self.preset = preset
            self.parameters = parameters
            self.modelDigest = modelDigest
            self.temperature = temperature
            self.capacity = capacity
            self.ordering = ordering
        }

        /// The hello of a client running `preset` with `model`: its scheme's parameters and the model's digest.
        /// - Throws: bootstrapping parameter errors.
        public init(preset: GenerationPreset, model: LlamaModel, temperature: Double, ordering: [Int]) throws {
            self.init(
                preset: preset.rawValue, parameters: CKKSSerialization.serialize(try preset.parameters().scheme),
                modelDigest: GenerationSetup.modelDigest(of: model), temperature: temperature,
                capacity: GenerationPreset.capacity, ordering: ordering)
        }
    }

    /// The server's answer to a hello: the embedding scale its setup computed (the client checks it equals its
    /// own) and the evaluation keys its circuits need beside bootstrapping's.
    public struct Acceptance: Sendable, Equatable {
        public var embeddingBound: Double
        public var requirements: EvaluationKeyRequirements

        public init(embeddingBound: Double, requirements: EvaluationKeyRequirements) {
            self.embeddingBound = embeddingBound
            self.requirements = requirements
        }
    }

    /// Evaluation keys as `CKKSSerialization` bytes (seeded: each uniform half travels as its 32-byte seed).
    public struct KeyBundle: Sendable, Equatable {
        public var relinearizationKey: [UInt8]
        public var galoisKeys: [UInt8]
        /// Sparse-secret encapsulation's two key switching keys (to the sparse secret, back to the dense one).
        public var encapsulation: [[UInt8]]

        public init(relinearizationKey: [UInt8], galoisKeys: [UInt8], encapsulation: [[UInt8]]) {
            self.relinearizationKey = relinearizationKey
            self.galoisKeys = galoisKeys
            self.encapsulation = encapsulation
        }

        /// The serialized form of `keys`.
        public init(_ keys: BootstrappingKeys) {
            self.init(
                relinearizationKey: CKKSSerialization.serialize(keys.relinearizationKey),
                galoisKeys: CKKSSerialization.serialize(keys.galoisKeys),
                encapsulation: keys.encapsulation.map {
                    [CKKSSerialization.serialize($0.toSparse), CKKSSerialization.serialize($0.toDense)]
                } ?? [])
        }

        public var byteCount: Int { relinearizationKey.count + galoisKeys.count + encapsulation.reduce(0) { $0 + $1.count } }
    }

    /// The frame kind of each message.
    enum Kind: UInt8, CaseIterable {
        case hello = 1, accepted, keys, ready, promptEmbedding, stepped, draw, oneHot, end, error
    }

    var kind: Kind {
        switch self {
        case .hello: .hello
        case .accepted: .accepted
        case .keys: .keys
        case .ready: .ready
        case .promptEmbedding: .promptEmbedding
        case .stepped: .stepped
        case .draw: .draw
        case .oneHot: .oneHot
        case .end: .end
        case .error: .error
        }
    }
}

extension GenerationMessage {
    /// The most tokens a hello's ordering may list, the most rotation keys an acceptance may ask for, and the
    /// longest error text: far above the tiny model's 512 tokens and ≈ 60 keys, far below what could exhaust a peer.
    static let maximumOrderingCount = 1 << 20
    static let maximumRotationCount = 1 << 14
    static let maximumErrorBytes = 1 << 16

    /// The message body (the frame adds kind and length).
    func encodedBody() -> [UInt8] {
        var w = WireWriter()
        switch self {
        case let .hello(h):
            w.writeString(h.preset)
            w.writeBlob(h.parameters)
            w.writeString(h.modelDigest)
            w.write(h.temperature)
            w.write(UInt32(clamping: h.capacity))
            w.write(UInt32(clamping: h.ordering.count))
            for token in h.ordering { w.write(UInt32(clamping: token)) }
        case let .accepted(a):
            w.write(a.embeddingBound)
            w.write(UInt8(a.requirements.conjugation ? 1 : 0))
            w.write(UInt8(a.requirements.relinearization ? 1 : 0))
            w.write(UInt32(clamping: a.requirements.rotations.count))
            for step in a.requirements.rotations.sorted() { w.write(Int32(clamping: step)) }
        case let .keys(k):
            w.writeBlob(k.relinearizationKey)
            w.writeBlob(k.galoisKeys)
            w.write(UInt8(clamping: k.encapsulation.count))
            for key in k.encapsulation { w.writeBlob(key) }
        case .ready, .end:
            break
        case let .promptEmbedding(ciphertext), let .draw(ciphertext):
            w.writeBlob(ciphertext)
        case let .stepped(position):
            w.write(UInt32(clamping: position))
        case let .oneHot(ciphertext, bootstraps):
            w.writeBlob(ciphertext)
            w.write(UInt32(clamping: bootstraps))
        case let .error(text):
            w.writeString(String(decoding: Array(text.utf8.prefix(Self.maximumErrorBytes)), as: UTF8.self))
        }
        return w.bytes
    }

    /// Decodes a body of `kind`, checking every field and that nothing trails.
    static func decode(kind: Kind, body: [UInt8]) throws(GenerationProtocolError) -> GenerationMessage {
        var r = WireReader(body)
        let message: GenerationMessage
        switch kind {
        case .hello:
            let preset = try r.readString("preset")
            let parameters = try r.readBlob("parameters")
            let digest = try r.readString("model digest")
            let temperature = try r.readDouble("temperature")
            let capacity = Int(try r.read(UInt32.self, "capacity"))
            let count = Int(try r.read(UInt32.self, "ordering count"))
            guard count <= maximumOrderingCount, count * 4 <= r.remaining else {
                throw .malformed("ordering of \(count) tokens in \(r.remaining) bytes")
            }
            var ordering: [Int] = []
            ordering.reserveCapacity(count)
            for _ in 0..<count { ordering.append(Int(try r.read(UInt32.self, "ordering"))) }
            message = .hello(Hello(preset: preset, parameters: parameters, modelDigest: digest, temperature: temperature,
                                   capacity: capacity, ordering: ordering))
        case .accepted:
            let bound = try r.readDouble("embedding bound")
            let conjugation = try r.read(UInt8.self, "conjugation")
            let relinearization = try r.read(UInt8.self, "relinearization")
            guard conjugation <= 1, relinearization <= 1 else { throw .malformed("flags \(conjugation), \(relinearization)") }
            let count = Int(try r.read(UInt32.self, "rotation count"))
            guard count <= maximumRotationCount, count * 4 <= r.remaining else {
                throw .malformed("\(count) rotations in \(r.remaining) bytes")
            }
            var rotations: [Int] = []
            for _ in 0..<count { rotations.append(Int(try r.read(Int32.self, "rotation"))) }
            message = .accepted(Acceptance(
                embeddingBound: bound,
                requirements: EvaluationKeyRequirements(
                    rotations: rotations, conjugation: conjugation == 1, relinearization: relinearization == 1)))
        case .keys:
            let relinearization = try r.readBlob("relinearization key")
            let galois = try r.readBlob("Galois keys")
            let count = try r.read(UInt8.self, "encapsulation key count")
            guard count == 0 || count == 2 else { throw .malformed("\(count) encapsulation keys (0 or 2)") }
            let encapsulation = try (0..<count).map { _ throws(GenerationProtocolError) in try r.readBlob("encapsulation key") }
            message = .keys(KeyBundle(relinearizationKey: relinearization, galoisKeys: galois, encapsulation: encapsulation))
        case .ready: message = .ready
        case .end: message = .end
        case .promptEmbedding: message = .promptEmbedding(ciphertext: try r.readBlob("ciphertext"))
        case .draw: message = .draw(ciphertext: try r.readBlob("ciphertext"))
        case .stepped: message = .stepped(position: Int(try r.read(UInt32.self, "position")))
        case .oneHot:
            let ciphertext = try r.readBlob("ciphertext")
            message = .oneHot(ciphertext: ciphertext, bootstraps: Int(try r.read(UInt32.self, "bootstraps")))
        case .error:
            let text = try r.readString("error text")
            guard text.utf8.count <= maximumErrorBytes else { throw .malformed("error text of \(text.utf8.count) bytes") }
            message = .error(text)
        }
        try r.expectEnd("\(kind)")
        return message
    }
}
