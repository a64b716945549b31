/// ReLU, `max(0, x)` (the CNN's activation).
public enum ReLU {
    /// out (N) = max(0, inp (N)); may run in place.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { out[i] = max(0, inp[i]) }
    }

    /// dinp (N) = dout where out > 0, else 0; may run in place.
    public static func backward(dinp: UnsafeMutablePointer<Float>, out: UnsafePointer<Float>,
                                dout: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n { dinp[i] = out[i] > 0 ? dout[i] : 0 }
    }
}
