import Foundation
import Testing
@testable import ModelFiles

/// Storage order and extent of `.npy` files: Fortran order is read (transposed), and a file holds exactly one
/// array — nothing after it, each header key once.
@Suite("npy layout")
struct NumpyLayoutTests {
    static func npy(_ header: String, _ values: [Float]) -> Data {
        var payload = ByteWriter()
        for value in values { payload.append(value) }
        return Data(DenseFileTests.npy(version: 1, header: header, payload: payload.bytes))
    }

    /// numpy.asfortranarray([[1, 2, 3], [4, 5, 6]]) stores the columns: 1 4 2 5 3 6.
    @Test func fortranOrderMatricesAreTransposedOnLoad() throws {
        let file = try NumpyFile(data: Self.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", [1, 4, 2, 5, 3, 6]))
        #expect(file.isFortranOrder && file.shape == [2, 3])
        #expect(file.floats() == [1, 2, 3, 4, 5, 6])
        let cOrder = try NumpyFile(data: Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", [1, 4, 2, 5, 3, 6]))
        #expect(cOrder.floats() == [1, 4, 2, 5, 3, 6])
    }

    /// A 2 × 3 × 2 array a[i][j][k] = 100i + 10j + k: Fortran order lists i fastest, then j, then k.
    @Test func fortranOrderWorksInThreeDimensions() throws {
        var fortran: [Float] = []
        for k in 0..<2 { for j in 0..<3 { for i in 0..<2 { fortran.append(Float(100 * i + 10 * j + k)) } } }
        var rowMajor: [Float] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<2 { rowMajor.append(Float(100 * i + 10 * j + k)) } } }
        let file = try NumpyFile(data: Self.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 2), }", fortran))
        #expect(file.floats() == rowMajor)
        let vector = try NumpyFile(data: Self.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", [7, 8, 9]))
        #expect(vector.floats() == [7, 8, 9])
        let empty = try NumpyFile(data: Self.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (0, 3), }", []))
        #expect(empty.floats().isEmpty)
    }

    @Test func trailingBytesAreRefused() throws {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
        _ = try NumpyFile(data: Self.npy(header, [1, 2]))
        #expect(throws: ModelFileError.self) { try NumpyFile(data: Self.npy(header, [1, 2, 3])) }
        var oneByte = Self.npy(header, [1, 2])
        oneByte.append(0)
        #expect(throws: ModelFileError.self) { try NumpyFile(data: oneByte) }
    }

    @Test func headerKeysAppearOnce() throws {
        let twice = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (1,), }"
        #expect(throws: ModelFileError.self) { try NumpyFile(data: Self.npy(twice, [1, 2])) }
    }

    @Test func theHeaderSizeIsBounded() throws {
        var writer = ByteWriter()
        writer.bytes += [0x93] + Array("NUMPY".utf8) + [2, 0]
        writer.append(UInt32(NumpyFile.maximumHeaderSize + 1))
        writer.bytes += [UInt8](repeating: 0x20, count: NumpyFile.maximumHeaderSize + 1)
        #expect(throws: ModelFileError.self) { try NumpyFile(data: Data(writer.bytes)) }
    }
}
