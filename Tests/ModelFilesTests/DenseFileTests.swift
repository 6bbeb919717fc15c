import Foundation
import Testing
@testable import ModelFiles

@Suite("safetensors and npy")
struct DenseFileTests {
    static func safetensors(header: String, payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(UInt64(header.utf8.count))
        writer.bytes.append(contentsOf: header.utf8)
        writer.bytes.append(contentsOf: payload)
        return writer.bytes
    }

    static var sampleSafetensors: [UInt8] { makeSampleSafetensors() }

    static func makeSampleSafetensors() -> [UInt8] {
        var payload = ByteWriter()
        for value: Float in [1, 2, 3, 4, 5, 6] { payload.append(value) }
        for bits in [HalfBits.one, HalfBits.minusTwo] { payload.append(bits) }
        for bits: UInt16 in [0x3F80, 0xBFC0] { payload.append(bits) }
        for value: Int64 in [7] { payload.append(value) }
        let header = #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"#
            + #""h":{"dtype":"F16","shape":[2],"data_offsets":[24,28]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[28,32]},"#
            + #""i":{"dtype":"I64","shape":[1],"data_offsets":[32,40]}}"#
        return safetensors(header: header, payload: payload.bytes)
    }

    @Test func safetensorsRoundTrip() throws {
        let url = try writeTemporaryFile(Self.sampleSafetensors, name: "e.safetensors")
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors.map(\.name) == ["w", "h", "b", "i"])
        #expect(try file.tensor(named: "w").shape == [2, 3])
        #expect(try file.floats(of: "w") == [1, 2, 3, 4, 5, 6])
        #expect(try file.floats(of: "h") == [1, -2])
        #expect(try file.floats(of: "b") == [1, -1.5])
        #expect(throws: ModelFileError.self) { try file.floats(of: "i") }
        #expect(throws: ModelFileError.self) { try file.floats(of: "nope") }
    }

    @Test func safetensorsRejectsMalformedHeaders() {
        let bad = [
            #"not json"#, #"[1,2]"#, #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,400]}}"#,
            #"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"Q9","shape":[1],"data_offsets":[0,4]}}"#,
            #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,
            #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#,
        ]
        for header in bad {
            #expect(throws: ModelFileError.self, "\(header)") {
                try SafetensorsFile(data: Data(Self.safetensors(header: header, payload: [0, 0, 0, 0])))
            }
        }
        let bytes = Self.sampleSafetensors
        for length in 0..<bytes.count {
            #expect(throws: ModelFileError.self) { try SafetensorsFile(data: Data(bytes[0..<length])) }
        }
        var hugeLength = ByteWriter()
        hugeLength.append(UInt64.max)
        #expect(throws: ModelFileError.self) { try SafetensorsFile(data: Data(hugeLength.bytes)) }
    }

    static func npy(version: UInt8, header: String, payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.append(0x93)
        writer.bytes.append(contentsOf: "NUMPY".utf8)
        writer.bytes.append(contentsOf: [version, 0])
        var text = header
        let prefix = version == 1 ? 10 : 12
        while (prefix + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        if version == 1 { writer.append(UInt16(text.utf8.count)) } else { writer.append(UInt32(text.utf8.count)) }
        writer.bytes.append(contentsOf: text.utf8)
        writer.bytes.append(contentsOf: payload)
        return writer.bytes
    }

    @Test(arguments: [UInt8(1), 2, 3])
    func npyRoundTrip(_ version: UInt8) throws {
        var f4 = ByteWriter()
        for value: Float in [1, -2, 3, 0.5, 5, 6] { f4.append(value) }
        let bytes = Self.npy(version: version, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload: f4.bytes)
        let url = try writeTemporaryFile(bytes, name: "e.npy")
        let file = try NumpyFile(contentsOf: url)
        #expect(file.version == Int(version) && file.shape == [2, 3] && file.elementType == .float32)
        #expect(file.floats() == [1, -2, 3, 0.5, 5, 6])

        var f2 = ByteWriter()
        for bits in [HalfBits.one, HalfBits.minusTwo, HalfBits.half] { f2.append(bits) }
        let half = try NumpyFile(data: Data(Self.npy(version: version, header: "{\"descr\": \"<f2\", \"shape\": (3,), \"fortran_order\": False}", payload: f2.bytes)))
        #expect(half.shape == [3] && half.floats() == [1, -2, 0.5])
    }

    @Test func npyRejectsWhatItCannotRead() {
        let payload = [UInt8](repeating: 0, count: 24)
        let headers = [
            "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (7, 3), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }",
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)",
            "{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}",
            String(repeating: "(", count: 1000),
            "",
        ]
        for header in headers {
            #expect(throws: ModelFileError.self, "\(header)") {
                try NumpyFile(data: Data(Self.npy(version: 1, header: header, payload: payload)))
            }
        }
        let good = Self.npy(version: 1, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload: payload)
        for length in 0..<good.count {
            #expect(throws: ModelFileError.self) { try NumpyFile(data: Data(good[0..<length])) }
        }
        var badVersion = good
        badVersion[6] = 4
        #expect(throws: ModelFileError.self) { try NumpyFile(data: Data(badVersion)) }
    }
}
