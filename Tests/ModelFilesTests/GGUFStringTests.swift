import Foundation
import Testing
@_spi(Testing) @testable import ModelFiles

/// GGUF strings: the format's length limits, and repair of invalid UTF-8 in linear time.
@Suite("GGUF strings")
struct GGUFStringTests {
    @Test func tensorNamesAndKeysHaveTheFormatsLengthLimits() throws {
        func file(tensorName: String, key: String = "k") -> Data {
            var builder = GGUFBuilder()
            builder.add(key, type: 4) { $0.append(UInt32(1)) }
            builder.tensors.append(.init(name: tensorName, dimensions: [1], type: 0, payload: [0, 0, 0, 0]))
            return Data(builder.build())
        }
        _ = try GGUFFile(data: file(tensorName: String(repeating: "n", count: 64)))
        #expect(throws: ModelFileError.self) { try GGUFFile(data: file(tensorName: String(repeating: "n", count: 65))) }
        _ = try GGUFFile(data: file(tensorName: "t", key: String(repeating: "k", count: 65_535)))
        #expect(throws: ModelFileError.self) { try GGUFFile(data: file(tensorName: "t", key: String(repeating: "k", count: 65_536))) }
    }

    /// 4 MB of bytes that are mostly invalid UTF-8 (float data read as a string after a corrupted length): the
    /// standard library's repair took seconds for this; the reader's is linear.
    @Test func invalidUTF8IsRepairedQuickly() throws {
        var fuzz = FuzzCases(seed: 9)
        let garbage = fuzz.randomBytes(count: 4_000_000).map { $0 | 0x80 }
        var builder = GGUFBuilder()
        builder.add("garbage", type: 8) { $0.append(UInt64(garbage.count)); $0.bytes += garbage }
        let start = Date()
        let file = try GGUFFile(data: Data(builder.build()))
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(file.string("garbage")?.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" || $0.value >= 0x80 } == true)
        #expect(String(repairingUTF8: [0x61, 0xFF, 0x62, 0xE2, 0x82]) == "a\u{FFFD}b\u{FFFD}")
        #expect(String(repairingUTF8: Array("é €".utf8)) == "é €")
    }
}
