import Testing
@testable import SpectraZoo

@Suite struct SafeTensorsTests {
    /// The same tensors Fixtures.pythonSafetensors was made from.
    func fixtureTensors() throws -> SafeTensors {
        SafeTensors(
            tensors: [
                "head.weight": try CheckpointTensor(shape: [2, 3], values: [1.0, -2.5, 0.0, 3.25, 1e-3, -0.0]),
                "cls_token": try CheckpointTensor(shape: [1, 1, 2], values: [0.5, 2.0]),
                "a.half": try CheckpointTensor(shape: [3], values: [1.0, 65504.0, -0x1p-24]),
            ],
            dtypes: ["a.half": .float16],
            metadata: ["format_version": "1"])
    }

    @Test func writesBytesIdenticalToPythonSafetensors() throws {
        #expect(try fixtureTensors().encoded() == Fixtures.pythonSafetensors)
    }

    @Test func readsPythonFileWithNamesShapesValuesAndDTypes() throws {
        let file = try SafeTensors.decode(Fixtures.pythonSafetensors, file: "fx.safetensors")
        #expect(file.metadata == ["format_version": "1"])
        #expect(file.tensors["head.weight"]?.shape == [2, 3])
        #expect(file.tensors["cls_token"]?.shape == [1, 1, 2])
        #expect(file.tensors["cls_token"]?.values == [0.5, 2.0])
        #expect(file.tensors["a.half"]?.values == [1.0, 65504.0, -0x1p-24])
        #expect(file.dtypes == ["head.weight": .float32, "cls_token": .float32, "a.half": .float16])
        let head = try #require(file.tensors["head.weight"])
        #expect(head.values.map(\.bitPattern) == [1.0, -2.5, 0.0, 3.25, Float(1e-3), -0.0].map { (x: Float) in x.bitPattern })
    }

    @Test func headerIsPaddedWithSpacesToAMultipleOfEight() throws {
        let bytes = SafeTensors(tensors: ["x": try CheckpointTensor(shape: [1], values: [2])]).encoded()
        let length = Int(bytes[0]) | Int(bytes[1]) << 8
        // {"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} is 54 characters → 2 spaces of padding.
        #expect(length == 56)
        #expect(bytes[8 + 54] == 0x20 && bytes[8 + 55] == 0x20)
        #expect(bytes.count == 8 + 56 + 4)
    }

    @Test func readsFloat64AndBFloat16() throws {
        // 1.5 as F64 little-endian is 00 00 00 00 00 00 f8 3f; bfloat16 0xc040 is -3.0.
        let header = #"{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[8,10]}}"#
        let file = try SafeTensors.decode(assemble(header, data: [0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0x40, 0xC0]), file: "t")
        #expect(file.tensors["d"]?.values == [1.5])
        #expect(file.tensors["b"]?.values == [-3.0])
    }

    @Test func bfloat16StorageRoundsToNearestEven() throws {
        // 1 + 3·2⁻⁸ (0x3f818000) is halfway between bfloat16 0x3f81 and 0x3f82: ties go to the even 0x3f82 = 1.015625.
        let bytes = SafeTensors(tensors: ["w": try CheckpointTensor(shape: [1], values: [1 + 3 * 0x1p-8])]).encoded(defaultDType: .bfloat16)
        #expect(Array(bytes.suffix(2)) == [0x82, 0x3F])
        #expect(try SafeTensors.decode(bytes, file: nil).tensors["w"]?.values == [1.015625])
    }

    // MARK: Refusals

    /// Header length prefix + header text + data.
    func assemble(_ header: String, data: [UInt8], declaredLength: UInt64? = nil) -> [UInt8] {
        let text = Array(header.utf8)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: (declaredLength ?? UInt64(text.count)).littleEndian) { bytes += $0 }
        return bytes + text + data
    }

    func refusal(_ bytes: [UInt8]) -> String? {
        do {
            _ = try SafeTensors.decode(bytes, file: "bad.safetensors")
            return nil
        } catch let error as CheckpointError {
            return error.file == "bad.safetensors" ? error.reason : "wrong file in error"
        } catch {
            return "untyped error"
        }
    }

    @Test func refusesHeaderLengthOutOfBounds() {
        #expect(refusal([1, 2, 3]).map { $0.contains("shorter than") } == true)
        #expect(refusal(assemble("{}", data: [], declaredLength: 200_000_000)).map { $0.contains("out of bounds") } == true)
        #expect(refusal(assemble("{}", data: [], declaredLength: 50)).map { $0.contains("exceeds") } == true)
    }

    @Test func refusesInvalidJSON() {
        #expect(refusal(assemble(#"{"x":{"dtype":"F32","#, data: [])).map { $0.contains("invalid safetensors header JSON") } == true)
        #expect(refusal(assemble(#"[1]"#, data: [])).map { $0.contains("start with '{'") } == true)
        #expect(refusal(assemble(#"{"a":1} x"#, data: [])).map { $0.contains("after the JSON value") } == true)
    }

    @Test func refusesDuplicateNames() {
        let header = #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(refusal(assemble(header, data: [UInt8](repeating: 0, count: 8))).map { $0.contains("duplicate key \"x\"") } == true)
    }

    @Test func refusesOffsetsOutOfRange() {
        let header = #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        #expect(refusal(assemble(header, data: [0, 0, 0, 0])).map { $0.contains("run past") } == true)
    }

    @Test func refusesOverlappingOffsets() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(refusal(assemble(header, data: [UInt8](repeating: 0, count: 8))).map { $0.contains("overlap") } == true)
    }

    @Test func refusesGapsAndUncoveredTrailingBytes() {
        let gap = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(refusal(assemble(gap, data: [UInt8](repeating: 0, count: 8))).map { $0.contains("gap") } == true)
        let trailing = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        #expect(refusal(assemble(trailing, data: [UInt8](repeating: 0, count: 6))).map { $0.contains("trailing") } == true)
    }

    @Test func refusesShapeThatDisagreesWithByteLength() {
        let header = #"{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,4]}}"#
        #expect(refusal(assemble(header, data: [0, 0, 0, 0])).map { $0.contains("needs 6 bytes") } == true)
        let huge = #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#
        #expect(refusal(assemble(huge, data: [0, 0, 0, 0])).map { $0.contains("too large") } == true)
    }

    @Test func refusesUnknownDTypeFieldsAndNonStringMetadata() {
        let dtype = #"{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#
        #expect(refusal(assemble(dtype, data: [UInt8](repeating: 0, count: 8))).map { $0.contains("unsupported dtype I64") } == true)
        let field = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}}"#
        #expect(refusal(assemble(field, data: [0, 0, 0, 0])).map { $0.contains("unknown field") } == true)
        let metadata = #"{"__metadata__":{"k":3}}"#
        #expect(refusal(assemble(metadata, data: [])).map { $0.contains("not a string") } == true)
        let negative = #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#
        #expect(refusal(assemble(negative, data: [0, 0, 0, 0])).map { $0.contains("non-negative integer") } == true)
    }

    @Test func metadataWithQuotesAndControlCharactersRoundTrips() throws {
        let metadata = ["model_config": #"{"a":"b\"c","path":"x/y"}"#, "note": "tab\there\nline é ✓ \u{01}"]
        let bytes = SafeTensors(tensors: [:], metadata: metadata).encoded()
        #expect(try SafeTensors.decode(bytes, file: nil).metadata == metadata)
        // serde_json escapes U+0001 as \u0001 and keeps non-ASCII as UTF-8.
        let text = String(decoding: bytes[8...], as: UTF8.self)
        #expect(text.contains(#"\u0001"#) && text.contains("é ✓"))
    }
}
