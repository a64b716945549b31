import Foundation
import Testing
@testable import SpectraCore

/// The fixtures in Fixtures/formats/*.npy were written once by numpy 2.4.6 `np.save` (see each test),
/// so the writer is compared byte for byte with NumPy and the reader reads NumPy's own files.
@Suite struct NumpySpectrumReaderTests {
    /// `np.save('columns_f8.npy', np.array([[400.0, 0.5], [401.5, -1.25], [403.0, 1e-7]], dtype='<f8'))`
    @Test func writerMatchesNumpyFloat64() throws {
        let array = NumpyArray(shape: [3, 2], values: [400.0, 0.5, 401.5, -1.25, 403.0, 1e-7])
        #expect(array.encoded() == (try SharedData.fixture("columns_f8.npy")))
    }

    /// `np.save('vector_f4.npy', np.array([1.5, -2.25, 3.0, 0.1], dtype='<f4'))`
    @Test func writerMatchesNumpyFloat32() throws {
        let array = NumpyArray(shape: [4], values: [1.5, -2.25, 3.0, 0.1], elementType: .float32)
        #expect(array.encoded() == (try SharedData.fixture("vector_f4.npy")))
    }

    func read(_ name: String) throws -> SpectrumDocument {
        try NumpySpectrumReader().read(try SharedData.fixture(name), file: name)
    }

    @Test func columnsAreXAndY() throws {
        let d = try read("columns_f8.npy")
        #expect(d.blocks.count == 1)
        #expect(d.blocks[0].x == [400.0, 401.5, 403.0] && d.blocks[0].y == [0.5, -1.25, 1e-7])
    }

    /// `np.save('rows_f8.npy', np.array([[10.0, 20.0, 30.0], [1.0, 2.0, 3.0]]))`: shape (2, 3) → rows x, y.
    @Test func twoRowsAreXAndY() throws {
        let s = try read("rows_f8.npy").blocks[0]
        #expect(s.x == [10, 20, 30] && s.y == [1, 2, 3])
    }

    /// A 1-D float32 array: y with index x; float32(0.1) widens to 0.10000000149011612 (numpy `float(np.float32(0.1))`).
    @Test func vectorIsYOverIndex() throws {
        let s = try read("vector_f4.npy").blocks[0]
        #expect(s.x == [0, 1, 2, 3])
        #expect(s.y == [1.5, -2.25, 3.0, 0.10000000149011612])
    }

    /// `np.save('three_columns_f8.npy', [[1,2,3],[4,5,6],[7,8,9],[10,11,12]])`: x = column 0, two blocks.
    @Test func extraColumnsAreBlocksSharingX() throws {
        let d = try read("three_columns_f8.npy")
        #expect(d.blocks.count == 2)
        #expect(d.blocks[0].x == [1, 4, 7, 10] && d.blocks[0].y == [2, 5, 8, 11])
        #expect(d.blocks[1].x == [1, 4, 7, 10] && d.blocks[1].y == [3, 6, 9, 12])
    }

    func expectRefusal(_ bytes: [UInt8], _ reason: String) {
        #expect {
            _ = try NumpySpectrumReader().read(bytes, file: "a.npy")
        } throws: { error in
            guard let e = error as? SpectrumReadError else { return false }
            return e.file == "a.npy" && e.reason.contains(reason)
        }
    }

    @Test func badArraysAreRefused() throws {
        // np.save of np.asfortranarray(...) and of an int32 array
        expectRefusal(try SharedData.fixture("fortran_f8.npy"), "Fortran-order")
        expectRefusal(try SharedData.fixture("int32.npy"), "unsupported dtype")
        let full = try SharedData.fixture("columns_f8.npy")
        expectRefusal(Array(full.dropLast(3)), "truncated data")
        expectRefusal(Array(full.prefix(20)), "truncated .npy header")
        expectRefusal([], "empty file")
        expectRefusal(NumpyArray(shape: [3, 0], values: []).encoded(), "the array has no values")
        expectRefusal(NumpyArray(shape: [0], values: []).encoded(), "the array has no values")
        expectRefusal(Array("hello world, not numpy".utf8), "not a NumPy .npy file")
        var nan = full
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { nan.replaceSubrange((nan.count - 8)..<nan.count, with: $0) }
        expectRefusal(nan, "NaN and infinite values are not allowed")
    }

    /// Sniffing through the core registry: signatures win over extensions.
    @Test func genericReadersSniffSignaturesFirst() throws {
        let registry = ModalityRegistry.core
        let npy = try SharedData.fixture("columns_f8.npy")
        #expect(registry.reader(forHead: npy, fileExtension: "bin")?.formatName == "npy")
        #expect(registry.reader(forHead: Array("##TITLE= x\n".utf8), fileExtension: "txt")?.formatName == "jcamp-dx")
        #expect(registry.reader(forHead: Array("1 2\n".utf8), fileExtension: "xy")?.formatName == "xy")
        #expect(registry.reader(forHead: Array("# c\n1.5, 2\n".utf8), fileExtension: "")?.formatName == "xy")
        #expect(registry.reader(forHead: [0, 1, 2, 3], fileExtension: "") == nil)
    }
}

extension NumpySpectrumReaderTests {
    /// `encodedColumns` writes the columns side by side without building the interleaved array: the same
    /// bytes as NumPy's `columns_f8.npy` (see `writerMatchesNumpyFloat64`).
    @Test func columnsWriterMatchesNumpy() throws {
        let bytes = NumpyArray.encodedColumns([[400.0, 401.5, 403.0], [0.5, -1.25, 1e-7]])
        #expect(bytes == (try SharedData.fixture("columns_f8.npy")))
    }
}
