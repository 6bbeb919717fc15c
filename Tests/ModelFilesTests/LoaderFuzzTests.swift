import Foundation
@_spi(Testing) import ModelFiles
import Testing

/// Every reader of this module on corrupted input (fixed seeds, bounded counts): each case loads or throws a
/// `ModelFileError`; nothing traps, and no case takes long (a hang would show as a slow case or a stuck test).
@Suite("loader fuzzing")
struct LoaderFuzzTests {
    /// Reads everything a caller can read: the parse, then every tensor's values.
    static func readGGUF(_ bytes: [UInt8]) throws {
        let file = try GGUFFile(data: Data(bytes))
        for tensor in file.tensors where tensor.type.isConvertibleToFloat {
            _ = try file.floats(of: tensor.name)
            if tensor.rowCount > 0 { _ = try file.row(tensor.rowCount - 1, of: tensor.name) }
        }
    }

    static func readSafetensors(_ bytes: [UInt8]) throws {
        let file = try SafetensorsFile(data: Data(bytes))
        for tensor in file.tensors where tensor.elementType != nil { _ = try file.floats(of: tensor.name) }
    }

    static func readNumpy(_ bytes: [UInt8]) throws {
        _ = try NumpyFile(data: Data(bytes)).floats()
    }

    /// `count` random corruptions (seeded), every truncation of the first `prefix` bytes, and a hostile integer
    /// at every 4-byte step of the first `prefix` bytes.
    static func cases(of valid: [UInt8], seed: UInt64, count: Int, prefix: Int) -> [[UInt8]] {
        var fuzz = FuzzCases(seed: seed)
        let region = 0..<min(prefix, valid.count)
        var cases = (0..<count).map { _ in fuzz.mutate(valid, region: region) }
        cases += region.map { Array(valid[0..<$0]) }
        for offset in stride(from: 0, to: region.upperBound, by: 4) {
            let value = FuzzCases.hostileIntegers[fuzz.below(FuzzCases.hostileIntegers.count)]
            cases.append(FuzzCases.writing(value, width: fuzz.below(2) == 0 ? 4 : 8, at: offset, in: valid))
        }
        return cases
    }

    static func expectSafe(_ summary: FuzzCases.Summary, total: Int) {
        #expect(summary.accepted + summary.refused == total)
        #expect(summary.refused > 0 && summary.accepted > 0, "\(summary)")  // both outcomes occur, so both are seen
        #expect(Set(summary.errorTypes.keys) == ["ModelFileError"], "\(summary.errorTypes)")
        #expect(summary.slowestSeconds < 2, "slowest case \(summary.slowestSeconds) s")
    }

    @Test func ggufFilesThrowOrLoad() throws {
        let valid = GGUFTensorTests.smallFile()
        try Self.readGGUF(valid)
        let cases = Self.cases(of: valid, seed: 0x6767_7566, count: 1500, prefix: 400)
        Self.expectSafe(FuzzCases.run(cases, Self.readGGUF), total: cases.count)
        let metadata = GGUFMetadataTests.everyTypeFile()
        let metadataCases = Self.cases(of: metadata, seed: 0x6D65_7461, count: 1000, prefix: metadata.count)
        Self.expectSafe(FuzzCases.run(metadataCases, Self.readGGUF), total: metadataCases.count)
    }

    @Test func safetensorsFilesThrowOrLoad() throws {
        let valid = DenseFileTests.sampleSafetensors
        try Self.readSafetensors(valid)
        let cases = Self.cases(of: valid, seed: 0x5361_6665, count: 1500, prefix: valid.count)
        Self.expectSafe(FuzzCases.run(cases, Self.readSafetensors), total: cases.count)
    }

    @Test func numpyFilesThrowOrLoad() throws {
        var payload = ByteWriter()
        for value: Float in [1, -2, 3, 0.5, 5, 6] { payload.append(value) }
        var valid: [[UInt8]] = []
        for order in ["False", "True"] {
            valid.append(DenseFileTests.npy(
                version: 1, header: "{'descr': '<f4', 'fortran_order': \(order), 'shape': (2, 3), }", payload: payload.bytes))
        }
        for (index, file) in valid.enumerated() {
            try Self.readNumpy(file)
            let cases = Self.cases(of: file, seed: 0x4E75_6D70 + UInt64(index), count: 800, prefix: file.count)
            Self.expectSafe(FuzzCases.run(cases, Self.readNumpy), total: cases.count)
        }
    }
}
