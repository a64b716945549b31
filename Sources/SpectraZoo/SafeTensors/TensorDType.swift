/// Element types a safetensors file may store (the subset SpectraKit reads and writes).
public enum TensorDType: String, Sendable, CaseIterable, Codable {
    case float64 = "F64"
    case float32 = "F32"
    case bfloat16 = "BF16"
    case float16 = "F16"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float64: return 8
        case .float32: return 4
        case .bfloat16, .float16: return 2
        }
    }

    /// Rank in the Rust `safetensors` Dtype enum; the library writes larger ranks first, so we do too
    /// to produce byte-identical files.
    var writeOrder: Int {
        switch self {
        case .float64: return 3
        case .float32: return 2
        case .bfloat16: return 1
        case .float16: return 0
        }
    }
}
