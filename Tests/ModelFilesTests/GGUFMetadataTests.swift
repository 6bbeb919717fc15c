import Foundation
import Testing
@testable import ModelFiles

@Suite("GGUF metadata")
struct GGUFMetadataTests {
    /// One entry of every scalar type, a string, and arrays (of integers, floats, bools, strings, arrays).
    static func everyTypeFile() -> [UInt8] {
        var builder = GGUFBuilder()
        builder.add("u8", type: 0) { $0.append(UInt8(200)) }
        builder.add("i8", type: 1) { $0.append(Int8(-100)) }
        builder.add("u16", type: 2) { $0.append(UInt16(60000)) }
        builder.add("i16", type: 3) { $0.append(Int16(-30000)) }
        builder.add("u32", type: 4) { $0.append(UInt32(4_000_000_000)) }
        builder.add("i32", type: 5) { $0.append(Int32(-2_000_000_000)) }
        builder.add("f32", type: 6) { $0.append(Float(1.5)) }
        builder.add("bool", type: 7) { $0.append(UInt8(1)) }
        builder.add("general.architecture", type: 8) { $0.appendGGUFString("llama") }
        builder.add("u64", type: 10) { $0.append(UInt64.max) }
        builder.add("i64", type: 11) { $0.append(Int64(-9_000_000_000_000)) }
        builder.add("f64", type: 12) { $0.append(Double(-0.125)) }
        builder.add("tokenizer.ggml.tokens", type: 9) {
            $0.append(UInt32(8)); $0.append(UInt64(3))
            for token in ["<s>", "héllo", ""] { $0.appendGGUFString(token) }
        }
        builder.add("tokenizer.ggml.token_type", type: 9) {
            $0.append(UInt32(5)); $0.append(UInt64(3))
            for value: Int32 in [3, 1, -1] { $0.append(value) }
        }
        builder.add("scores", type: 9) {
            $0.append(UInt32(6)); $0.append(UInt64(2)); $0.append(Float(0.25)); $0.append(Float(-2))
        }
        builder.add("flags", type: 9) {
            $0.append(UInt32(7)); $0.append(UInt64(2)); $0.append(UInt8(0)); $0.append(UInt8(1))
        }
        builder.add("nested", type: 9) {
            $0.append(UInt32(9)); $0.append(UInt64(2))
            $0.append(UInt32(0)); $0.append(UInt64(2)); $0.append(UInt8(7)); $0.append(UInt8(9))
            $0.append(UInt32(12)); $0.append(UInt64(1)); $0.append(Double(2.5))
        }
        builder.add("empty", type: 9) { $0.append(UInt32(10)); $0.append(UInt64(0)) }
        return builder.build()
    }

    @Test func readsEveryValueType() throws {
        let file = try GGUFFile(data: Data(Self.everyTypeFile()))
        #expect(file.version == 3)
        #expect(file.metadata["u8"] == .uint8(200))
        #expect(file.metadata["i8"] == .int8(-100))
        #expect(file.metadata["u16"] == .uint16(60000))
        #expect(file.metadata["i16"] == .int16(-30000))
        #expect(file.metadata["u32"] == .uint32(4_000_000_000))
        #expect(file.metadata["i32"] == .int32(-2_000_000_000))
        #expect(file.metadata["f32"] == .float32(1.5))
        #expect(file.metadata["bool"] == .bool(true))
        #expect(file.metadata["u64"] == .uint64(.max))
        #expect(file.metadata["i64"] == .int64(-9_000_000_000_000))
        #expect(file.metadata["f64"] == .float64(-0.125))
        #expect(file.string("general.architecture") == "llama")
        #expect(file.integer("u32") == 4_000_000_000)
        #expect(file.integer("u64") == nil, "UInt64.max does not fit Int")
        #expect(file.float("f32") == 1.5)
        #expect(file.bool("bool") == true)
        #expect(file.stringArray("tokenizer.ggml.tokens") == ["<s>", "héllo", ""])
        #expect(file.integerArray("tokenizer.ggml.token_type") == [3, 1, -1])
        #expect(file.floatArray("scores") == [0.25, -2])
        #expect(file.metadata["flags"] == .array(.bool([false, true])))
        #expect(file.metadata["nested"] == .array(.arrays([.uint8([7, 9]), .float64([2.5])])))
        #expect(file.metadata["empty"] == .array(.uint64([])))
        #expect(file.metadataKeys.first == "u8" && file.metadataKeys.count == 18)
        #expect(file.tensors.isEmpty)
    }

    @Test func acceptsVersion2AndRejectsOthers() throws {
        var builder = GGUFBuilder()
        builder.add("a", type: 4) { $0.append(UInt32(1)) }
        builder.version = 2
        #expect(try GGUFFile(data: Data(builder.build())).version == 2)
        for version: UInt32 in [1, 4] {
            builder.version = version
            #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(builder.build())) }
        }
    }

    @Test func rejectsDuplicateKeysBadBoolsAndUnknownTypes() {
        var duplicate = GGUFBuilder()
        duplicate.add("a", type: 0) { $0.append(UInt8(1)) }
        duplicate.add("a", type: 0) { $0.append(UInt8(2)) }
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(duplicate.build())) }
        var badBool = GGUFBuilder()
        badBool.add("b", type: 7) { $0.append(UInt8(2)) }
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(badBool.build())) }
        var unknownType = GGUFBuilder()
        unknownType.add("c", type: 13) { $0.append(UInt8(0)) }
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(unknownType.build())) }
    }

    @Test func rejectsHugeCountsWithoutAllocating() {
        var hugeArray = GGUFBuilder()
        hugeArray.add("a", type: 9) { $0.append(UInt32(8)); $0.append(UInt64.max / 2) }
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(hugeArray.build())) }
        var hugeString = GGUFBuilder()
        hugeString.add("s", type: 8) { $0.append(UInt64(1) << 62) }
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(hugeString.build())) }
        var writer = ByteWriter()
        writer.bytes.append(contentsOf: "GGUF".utf8)
        writer.append(UInt32(3)); writer.append(UInt64.max); writer.append(UInt64(0))
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(writer.bytes)) }
    }

    @Test func boundsArrayNesting() {
        var deep = GGUFBuilder()
        deep.add("deep", type: 9) {
            for _ in 0..<100 { $0.append(UInt32(9)); $0.append(UInt64(1)) }
            $0.append(UInt32(0)); $0.append(UInt64(0))
        }
        #expect(throws: ModelFileError.self) { try GGUFFile(data: Data(deep.build())) }
    }

    @Test func errorsNameTheProblem() {
        do {
            _ = try GGUFFile(data: Data("GGML1234".utf8), fileName: "x.gguf")
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("x.gguf") && text.contains("GGUF"))
        }
    }
}
