import Foundation
import Testing
@testable import ModelFiles

@Suite("GGUF tensors")
struct GGUFTensorTests {
    /// Q8_0 block: scale 0.5, q = -16...15, so w = q / 2.
    static let q8Block: [UInt8] = {
        var writer = ByteWriter()
        writer.append(HalfBits.half)
        for q in -16..<16 { writer.append(Int8(q)) }
        return writer.bytes
    }()
    static let q8Expected: [Float] = (-16..<16).map { Float($0) * 0.5 }

    /// Q4_1 block: d = 0.25, m = -1, byte j = (15 - j) << 4 | j, so w[j] = j/4 - 1 and w[j+16] = (15-j)/4 - 1.
    static let q41Block: [UInt8] = {
        var writer = ByteWriter()
        writer.append(HalfBits.quarter)
        writer.append(HalfBits.minusOne)
        for j in 0..<16 { writer.append(UInt8((15 - j) << 4 | j)) }
        return writer.bytes
    }()
    static let q41Expected: [Float] = (0..<16).map { Float($0) * 0.25 - 1 } + (0..<16).map { Float(15 - $0) * 0.25 - 1 }

    static func smallFile(alignment: Int? = nil) -> [UInt8] {
        var builder = GGUFBuilder()
        builder.add("general.architecture", type: 8) { $0.appendGGUFString("llama") }
        if let alignment {
            builder.alignment = alignment
            builder.add("general.alignment", type: 4) { $0.append(UInt32(alignment)) }
        }
        var f32 = ByteWriter()
        for value: Float in [1, -2, 3.5, 0, 0.25, -0.125] { f32.append(value) }
        builder.tensors.append(.init(name: "f32", dimensions: [3, 2], type: 0, payload: f32.bytes))
        var f16 = ByteWriter()
        for bits in [HalfBits.one, HalfBits.minusTwo, HalfBits.half, 0x7BFF] { f16.append(bits) }
        builder.tensors.append(.init(name: "f16", dimensions: [4], type: 1, payload: f16.bytes))
        var bf16 = ByteWriter()
        for bits: UInt16 in [0x3F80, 0xBFC0] { bf16.append(bits) }
        builder.tensors.append(.init(name: "bf16", dimensions: [2], type: 30, payload: bf16.bytes))
        builder.tensors.append(.init(name: "q8_0", dimensions: [32, 2], type: 8, payload: q8Block + q8Block.reversedScaleBlock()))
        builder.tensors.append(.init(name: "q4_1", dimensions: [64], type: 3, payload: q41Block + q41Block))
        return builder.build()
    }

    @Test func dequantisesEveryTypeAgainstHandComputedValues() throws {
        let file = try GGUFFile(data: Data(Self.smallFile()))
        #expect(file.string("general.architecture") == "llama")
        #expect(try file.floats(of: "f32") == [1, -2, 3.5, 0, 0.25, -0.125])
        #expect(try file.floats(of: "f16") == [1, -2, 0.5, 65504])
        #expect(try file.floats(of: "bf16") == [1, -1.5])
        #expect(try file.floats(of: "q8_0") == Self.q8Expected + Self.q8Expected.map { -$0 })
        #expect(try file.floats(of: "q4_1") == Self.q41Expected + Self.q41Expected)
        let info = try file.tensor(named: "q8_0")
        #expect(info.dimensions == [32, 2] && info.type == .q8_0 && info.rowLength == 32 && info.rowCount == 2)
        #expect(info.byteCount == 68)
        #expect(try file.row(1, of: "q8_0") == Self.q8Expected.map { -$0 })
        #expect(try file.row(1, of: "f32") == [0, 0.25, -0.125])
        #expect(throws: ModelFileError.self) { try file.row(2, of: "f32") }
        #expect(throws: ModelFileError.self) { try file.floats(of: "missing") }
        #expect(try file.rawBytes(of: info).count == 68)
    }

    @Test(arguments: [nil, 8, 64, 256])
    func honoursAlignment(_ alignment: Int?) throws {
        let file = try GGUFFile(data: Data(Self.smallFile(alignment: alignment)))
        let expected = alignment ?? GGUFFile.defaultAlignment
        #expect(file.alignment == expected)
        #expect(file.dataSectionOffset % expected == 0)
        for tensor in file.tensors { #expect(tensor.fileOffset % expected == 0) }
        #expect(try file.floats(of: "q4_1") == Self.q41Expected + Self.q41Expected)
    }

    @Test func rejectsBadAlignmentValues() {
        for bad: UInt32 in [0, 3, 48] {
            var builder = GGUFBuilder()
            builder.add("general.alignment", type: 4) { $0.append(bad) }
            #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(builder.build())) }
        }
    }

    @Test func unsupportedTypesThrowOnConversionOnly() throws {
        var builder = GGUFBuilder()
        builder.tensors.append(.init(name: "k", dimensions: [256], type: 12, payload: [UInt8](repeating: 0, count: 144)))
        builder.tensors.append(.init(name: "future", dimensions: [7], type: 99, payload: [1, 2, 3]))
        let file = try GGUFFile(data: Data(builder.build()))
        #expect(file.tensors.map(\.type) == [.q4_K, GGMLType(rawValue: 99)])
        #expect(throws: ModelFileError.unsupportedTensorType(file: "<memory>", tensor: "k", type: "Q4_K")) {
            try file.floats(of: "k")
        }
        #expect(throws: ModelFileError.self) { try file.floats(of: "future") }
    }

    @Test func rejectsRowsThatAreNotWholeBlocks() {
        var builder = GGUFBuilder()
        builder.tensors.append(.init(name: "odd", dimensions: [16, 2], type: 8, payload: Self.q8Block))
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(builder.build())) }
    }

    @Test func everyTruncatedPrefixThrows() {
        let bytes = Self.smallFile()
        for length in 0..<bytes.count {
            #expect(throws: ModelFileError.self, "prefix of \(length) bytes") {
                try GGUFFile(data: Data(bytes[0..<length]))
            }
        }
        #expect(throws: Never.self) { try GGUFFile(data: Data(bytes)) }
    }

    @Test func bitFlipsInTheHeaderThrowOrParseSanely() throws {
        let bytes = Self.smallFile()
        let headerEnd = try GGUFFile(data: Data(bytes)).dataSectionOffset
        var parsed = 0, rejected = 0
        for index in 0..<headerEnd {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[index] ^= UInt8(1) << bit
                do {
                    let file = try GGUFFile(data: Data(flipped))
                    // Whatever parsed must be self-consistent: every tensor lies inside the file.
                    for tensor in file.tensors {
                        if let size = tensor.byteCount { #expect(tensor.fileOffset + size <= flipped.count) }
                        if tensor.type.isConvertibleToFloat { _ = try? file.floats(of: tensor.name) }
                    }
                    parsed += 1
                } catch is ModelFileError {
                    rejected += 1
                }
            }
        }
        #expect(parsed + rejected == headerEnd * 8)
        #expect(rejected > 0 && parsed > 0)
    }

    @Test func readsFromDisk() throws {
        let url = try writeTemporaryFile(Self.smallFile(), name: "small.gguf")
        let file = try GGUFFile(contentsOf: url)
        #expect(file.fileName == "small.gguf")
        #expect(try file.floats(of: "bf16") == [1, -1.5])
        #expect(throws: ModelFileError.self) { try GGUFFile(contentsOf: url.appendingPathExtension("missing")) }
    }
}

extension [UInt8] {
    /// A Q8_0 block with its scale negated (the f16 sign bit flipped).
    func reversedScaleBlock() -> [UInt8] {
        var copy = self
        copy[1] ^= 0x80
        return copy
    }
}
