/// Residual connection `out = a + b`.
public enum Residual {
    /// out (N) = a (N) + b (N); out may alias a.
    public static func forward(out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>,
                               b: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { out[i] = a[i] + b[i] }
    }

    /// da (N) += dout; db (N) += dout.
    public static func backward(da: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { da[i] += dout[i]; db[i] += dout[i] }
    }
}
