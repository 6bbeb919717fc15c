import Foundation
import Testing
@testable import ModelFiles

/// The format rules `SafetensorsFile` enforces beyond well-formed JSON: each case changes one thing in a valid
/// file, so the valid control shows the check is what refuses it.
@Suite("safetensors strictness")
struct SafetensorsStrictnessTests {
    /// Two F32 scalars `a` and `b` over `payload` bytes, with `b`'s offsets and any extra JSON spliced in.
    static func file(b: String = "[4,8]", payload: Int = 8, extra: String = "") -> Data {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":"#
            + b + "}" + extra + "}"
        return Data(DenseFileTests.safetensors(header: header, payload: [UInt8](repeating: 0, count: payload)))
    }

    static func reason(_ data: Data) -> String? {
        do {
            _ = try SafetensorsFile(data: data)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func theControlFileLoads() throws {
        let file = try SafetensorsFile(data: Self.file())
        #expect(file.tensors.map(\.name) == ["a", "b"] && file.tensors[1].fileRange.count == 4)
        #expect(try file.floats(of: "b") == [0])
    }

    @Test func byteRangesMustTileTheDataExactly() {
        let overlap = Self.reason(Self.file(b: "[2,6]"))
        #expect(overlap?.contains("overlaps") == true, "\(overlap ?? "accepted")")
        let hole = Self.reason(Self.file(b: "[8,12]", payload: 12))
        #expect(hole?.contains("unindexed") == true, "\(hole ?? "accepted")")
        let tail = Self.reason(Self.file(payload: 12))
        #expect(tail?.contains("belong to no tensor") == true, "\(tail ?? "accepted")")
        let outside = Self.reason(Self.file(b: "[4,8]", payload: 6))
        #expect(outside?.contains("truncated") == true, "\(outside ?? "accepted")")
    }

    @Test func keysMustBeUnique() {
        let twice = Self.reason(Self.file(extra: #","a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#))
        #expect(twice?.contains("appears twice") == true, "\(twice ?? "accepted")")
        let fieldTwice = Self.reason(Data(DenseFileTests.safetensors(
            header: #"{"a":{"dtype":"F32","shape":[1],"shape":[2],"data_offsets":[0,4]}}"#, payload: [0, 0, 0, 0])))
        #expect(fieldTwice?.contains("appears twice") == true, "\(fieldTwice ?? "accepted")")
        let metadataTwice = Self.reason(Self.file(extra: #","__metadata__":{"k":"1","k":"2"}"#))
        #expect(metadataTwice?.contains("appears twice") == true, "\(metadataTwice ?? "accepted")")
        #expect(Self.reason(Self.file(extra: #","__metadata__":{"k":"1","l":"2"}"#)) == nil)
    }

    @Test func dimensionsAndOffsetsMustBeIntegers() {
        for bad in ["[true]", "[1.0]", "[1e0]", #"["1"]"#, "[null]", "[01]", "[-0]"] {
            let header = #"{"a":{"dtype":"F32","shape":"# + bad + #","data_offsets":[0,4]}}"#
            let reason = Self.reason(Data(DenseFileTests.safetensors(header: header, payload: [0, 0, 0, 0])))
            #expect(reason != nil, "shape \(bad) was accepted")
        }
        #expect(Self.reason(Self.file(b: "[true,8]")) != nil)
        #expect(Self.reason(Self.file(b: "[4,8,12]")) != nil)
    }

    @Test func theHeaderSizeIsBounded() {
        var writer = ByteWriter()
        writer.append(UInt64(SafetensorsFile.maximumHeaderSize + 1))
        writer.bytes += [UInt8](repeating: 0x20, count: SafetensorsFile.maximumHeaderSize + 1)
        let reason = Self.reason(Data(writer.bytes))
        #expect(reason?.contains("exceeds this reader's limit") == true, "\(reason ?? "accepted")")
    }

    /// A header of 60,000 tensors (about 3.7 MB of JSON) is read straight into tensor infos.
    @Test func largeHeadersParse() throws {
        let count = 60_000
        var header = "{"
        header.reserveCapacity(count * 64)
        for i in 0..<count {
            header += #""t\#(i)":{"dtype":"F32","shape":[1],"data_offsets":[\#(4 * i),\#(4 * i + 4)]},"#
        }
        header.removeLast()
        header += "}"
        let file = try SafetensorsFile(data: Data(DenseFileTests.safetensors(
            header: header, payload: [UInt8](repeating: 0, count: 4 * count))))
        #expect(file.tensors.count == count && file.tensors.last?.name == "t\(count - 1)")
    }
}
