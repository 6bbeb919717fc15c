import CKKS
import Foundation
import PrivateGeneration
import Testing
import TestSupport

/// The protocol's frames and messages over a real socket pair: every kind round-trips, and malformed, truncated
/// and oversized frames are typed errors — never a trap, never a large allocation.
@Suite("Generation protocol frames")
struct GenerationMessageTests {
    static let samples: [GenerationMessage] = [
        .hello(.init(preset: "INSECURE-test", parameters: [1, 2, 3], modelDigest: "ab12", temperature: 0.8, capacity: 16,
                     ordering: [2, 0, 1])),
        .accepted(.init(embeddingBound: 3.5, requirements: EvaluationKeyRequirements(rotations: [1, -4, 512], conjugation: true,
                                                                                      relinearization: true))),
        .keys(.init(relinearizationKey: [9, 9], galoisKeys: [7], encapsulation: [[1], [2, 3]])),
        .keys(.init(relinearizationKey: [], galoisKeys: [], encapsulation: [])),
        .ready,
        .promptEmbedding(ciphertext: Array(repeating: 0xAB, count: 3000)),
        .stepped(position: 5),
        .draw(ciphertext: [4, 5, 6]),
        .oneHot(ciphertext: [1], bootstraps: 42),
        .end,
        .error("the server says no — ünïcode"),
    ]

    @Test("every message kind survives a socket pair unchanged, with the bytes counted on both ends")
    func roundTrip() throws {
        let (client, descriptor) = try SocketStream.pair()
        let server = SocketStream(descriptor: descriptor)
        for message in Self.samples {
            try client.send(message)
            #expect(try server.receive() == message)
        }
        #expect(client.bytesSent == server.bytesReceived)
        #expect(client.bytesSent > 3000)
    }

    /// Sends raw bytes, closes the sender, and returns what the receiver throws.
    func receiveError(_ bytes: [UInt8], limits: FrameLimits = .default) throws -> GenerationProtocolError? {
        let (client, descriptor) = try SocketStream.pair()
        let server = SocketStream(descriptor: descriptor)
        try client.write(bytes)
        client.finishWriting()  // a short frame then ends the stream
        do {
            _ = try server.receive(limits: limits)
            return nil
        } catch {
            return error
        }
    }

    static func frame(kind: UInt8, body: [UInt8], length: UInt64? = nil, magic: String = "ELMG", version: UInt16 = 1) -> [UInt8] {
        var bytes = Array(magic.utf8)
        bytes += withUnsafeBytes(of: version.littleEndian, Array.init)
        bytes += [kind, 0]
        bytes += withUnsafeBytes(of: (length ?? UInt64(body.count)).littleEndian, Array.init)
        return bytes + body
    }

    @Test("bad magic, version, kind, truncated and oversized frames, trailing bytes and lying lengths are typed errors")
    func hostileFrames() throws {
        #expect(try receiveError(Self.frame(kind: 4, body: [], magic: "ELMC")) == .malformed("bad magic bytes (not a generation frame)"))
        #expect(try receiveError(Self.frame(kind: 4, body: [], version: 9)) == .malformed("protocol version 9, expected 1"))
        #expect(try receiveError(Self.frame(kind: 200, body: [])) == .malformed("unknown message kind 200"))
        #expect(try receiveError(Self.frame(kind: 4, body: [0])) == .malformed("1 trailing bytes after ready"))
        // A length of 2^62 is refused before a byte of the body is read or allocated.
        #expect(try receiveError(Self.frame(kind: 3, body: [], length: 1 << 62))
            == .tooLarge(kind: 3, length: 1 << 62, limit: FrameLimits.default.maximumKeyBytes))
        #expect(try receiveError(Self.frame(kind: 5, body: [], length: 1 << 20), limits: FrameLimits(maximumCiphertextBytes: 1000))
            == .tooLarge(kind: 5, length: 1 << 20, limit: 1000))
        // Within the limit but never sent: the stream ends, and only what arrived was buffered.
        guard case .connection = try receiveError(Self.frame(kind: 5, body: [1, 2, 3], length: 100 << 20)) else {
            Issue.record("a frame cut short must end as a connection error")
            return
        }
        guard case .connection = try receiveError(Array("ELM".utf8)) else {
            Issue.record("a truncated header must end as a connection error")
            return
        }
        // A blob that claims more than its body holds, an ordering longer than its bytes, bad flags.
        var lying = WireBytes()
        lying.append(UInt64(1 << 40))
        #expect(try receiveError(Self.frame(kind: 7, body: lying.bytes)) == .malformed("ciphertext declares 1099511627776 bytes, 0 left"))
        var ordering = WireBytes()
        for blob in [Array("128-bit".utf8), [], Array("d".utf8)] { ordering.append(UInt64(blob.count)); ordering.bytes += blob }
        ordering.append(UInt64(1.0.bitPattern))
        ordering.append(UInt32(16))
        ordering.append(UInt32(1 << 19))
        #expect(try receiveError(Self.frame(kind: 1, body: ordering.bytes)) == .malformed("ordering of 524288 tokens in 0 bytes"))
        var flags = WireBytes()
        flags.append(UInt64(1.0.bitPattern))
        flags.bytes += [2, 0]
        flags.append(UInt32(0))
        #expect(try receiveError(Self.frame(kind: 2, body: flags.bytes)) == .malformed("flags 2, 0"))
    }

    @Test("random and bit-flipped frames never trap (seeded, 2,000 inputs)")
    func fuzz() throws {
        var rng = SeededGenerator(seed: 77)
        let valid = try Self.samples.map { message -> [UInt8] in
            let (client, descriptor) = try SocketStream.pair()
            let reader = SocketStream(descriptor: descriptor)
            try client.send(message)
            return try reader.read(count: client.bytesSent)
        }
        var errors = 0
        for i in 0..<2000 {
            var bytes: [UInt8]
            if i % 2 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes = valid[i % valid.count]
                for _ in 0...Int.random(in: 0...3, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                }
                if Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &rng)) }
            }
            if try receiveError(bytes, limits: FrameLimits(maximumKeyBytes: 1 << 16, maximumCiphertextBytes: 1 << 16)) != nil {
                errors += 1
            }
        }
        // Almost every mutated input is refused; a flip inside a blob's payload can still decode.
        #expect(errors > 1500)
    }
}

/// Little-endian bytes for hand-built bodies.
struct WireBytes {
    var bytes: [UInt8] = []
    mutating func append<T: FixedWidthInteger>(_ value: T) { bytes += withUnsafeBytes(of: value.littleEndian, Array.init) }
}
