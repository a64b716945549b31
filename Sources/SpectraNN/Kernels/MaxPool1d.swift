/// 1-D max pooling with window and stride 2 (`nn.MaxPool1d(2)`); a trailing odd element is dropped.
public enum MaxPool1d {
    /// out (B,C,L/2) = max of each pair of inp (B,C,L); argmax (B,C,L/2) records the winner's index.
    public static func forward(out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>,
                               inp: UnsafePointer<Float>, rows n: Int, length l: Int) {
        let lo = l / 2
        for r in 0..<n {
            let x = inp + r * l, y = out + r * lo, a = argmax + r * lo
            for i in 0..<lo {
                let left = x[2 * i], right = x[2 * i + 1]
                // Ties go to the first element, as PyTorch.
                if right > left { y[i] = right; a[i] = Int32(2 * i + 1) } else { y[i] = left; a[i] = Int32(2 * i) }
            }
        }
    }

    /// dinp (B,C,L) = dout routed to each window's winner (overwrites dinp).
    public static func backward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                argmax: UnsafePointer<Int32>, rows n: Int, length l: Int) {
        let lo = l / 2
        dinp.update(repeating: 0, count: n * l)
        for r in 0..<n {
            let dx = dinp + r * l, dy = dout + r * lo, a = argmax + r * lo
            for i in 0..<lo { dx[Int(a[i])] += dy[i] }
        }
    }
}
