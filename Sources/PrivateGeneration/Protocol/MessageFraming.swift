/// How much a receiver accepts per frame, by message kind. A frame declaring more is refused before its body
/// is read; a body is read only as its bytes arrive, so a false length costs the receiver nothing.
public struct FrameLimits: Sendable, Hashable {
    /// The evaluation keys (the largest message: about 250 MB seeded at the N = 2^12 test preset, about 2 GB at
    /// the 128-bit N = 2^16 one).
    public var maximumKeyBytes: Int
    /// One ciphertext (26 MB at N = 2^16 with 25 primes, unseeded).
    public var maximumCiphertextBytes: Int
    /// A hello or an acceptance (an ordering of 49,152 tokens is 197 KB).
    public var maximumHandshakeBytes: Int

    public init(maximumKeyBytes: Int = 3 << 30, maximumCiphertextBytes: Int = 256 << 20, maximumHandshakeBytes: Int = 16 << 20) {
        self.maximumKeyBytes = maximumKeyBytes
        self.maximumCiphertextBytes = maximumCiphertextBytes
        self.maximumHandshakeBytes = maximumHandshakeBytes
    }

    public static let `default` = FrameLimits()

    func limit(for kind: GenerationMessage.Kind) -> Int {
        switch kind {
        case .keys: maximumKeyBytes
        case .promptEmbedding, .draw, .oneHot: maximumCiphertextBytes
        case .hello, .accepted: maximumHandshakeBytes
        case .error: GenerationMessage.maximumErrorBytes + 8
        case .ready, .end, .stepped: 8
        }
    }
}

/// Frames: the magic bytes "ELMG", a UInt16 protocol version, a UInt8 kind, a zero byte and a UInt64 body
/// length (little-endian), then the body.
extension SocketStream {
    public static let protocolVersion: UInt16 = 1
    static let frameMagic: [UInt8] = Array("ELMG".utf8)

    /// Sends one message.
    public func send(_ message: GenerationMessage) throws(GenerationProtocolError) {
        let body = message.encodedBody()
        var header = WireWriter()
        for b in Self.frameMagic { header.write(b) }
        header.write(Self.protocolVersion)
        header.write(message.kind.rawValue)
        header.write(UInt8(0))
        header.write(UInt64(body.count))
        try write(header.bytes + body)
    }

    /// Receives one message, refusing frames above `limits`.
    /// - Throws: `GenerationProtocolError`: `.malformed`, `.tooLarge`, `.connection`.
    public func receive(limits: FrameLimits = .default) throws(GenerationProtocolError) -> GenerationMessage {
        var r = WireReader(try read(count: 16))
        for b in Self.frameMagic {
            guard try r.read(UInt8.self, "magic") == b else { throw .malformed("bad magic bytes (not a generation frame)") }
        }
        let version = try r.read(UInt16.self, "version")
        guard version == Self.protocolVersion else { throw .malformed("protocol version \(version), expected \(Self.protocolVersion)") }
        let rawKind = try r.read(UInt8.self, "kind")
        guard let kind = GenerationMessage.Kind(rawValue: rawKind) else { throw .malformed("unknown message kind \(rawKind)") }
        guard try r.read(UInt8.self, "reserved") == 0 else { throw .malformed("reserved byte not zero") }
        let length = try r.read(UInt64.self, "length")
        let limit = limits.limit(for: kind)
        guard length <= UInt64(limit) else { throw .tooLarge(kind: rawKind, length: length, limit: limit) }
        return try GenerationMessage.decode(kind: kind, body: try read(count: Int(length)))
    }
}
