/// Row reductions for the kernels (LayerNorm, attention backward). GELU's erf and the softmax's
/// exp live in CVectorMath (C, AVX2 + FMA at run time).
enum VectorMath {
    // A plain `for` loop adding into one Float cannot be vectorised (the compiler may not reorder
    // the additions), so these keep eight partial results, which LLVM turns into vector adds;
    // LayerNorm rows (120 wide at paper scale) ran scalar before (perf: 7 % of a forward pass).

    /// Σ x[i] for i < n.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0, a4: Float = 0, a5: Float = 0, a6: Float = 0, a7: Float = 0
        var i = 0
        while i + 8 <= n {
            a0 += x[i]; a1 += x[i + 1]; a2 += x[i + 2]; a3 += x[i + 3]
            a4 += x[i + 4]; a5 += x[i + 5]; a6 += x[i + 6]; a7 += x[i + 7]
            i += 8
        }
        var total = ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))
        while i < n { total += x[i]; i += 1 }
        return total
    }

    /// Σ (x[i] − m)² for i < n.
    @inline(__always)
    static func sumOfSquares(_ x: UnsafePointer<Float>, _ n: Int, around m: Float) -> Float {
        var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0, a4: Float = 0, a5: Float = 0, a6: Float = 0, a7: Float = 0
        var i = 0
        while i + 8 <= n {
            let d0 = x[i] - m, d1 = x[i + 1] - m, d2 = x[i + 2] - m, d3 = x[i + 3] - m
            let d4 = x[i + 4] - m, d5 = x[i + 5] - m, d6 = x[i + 6] - m, d7 = x[i + 7] - m
            a0 += d0 * d0; a1 += d1 * d1; a2 += d2 * d2; a3 += d3 * d3
            a4 += d4 * d4; a5 += d5 * d5; a6 += d6 * d6; a7 += d7 * d7
            i += 8
        }
        var total = ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))
        while i < n { let d = x[i] - m; total += d * d; i += 1 }
        return total
    }

    /// Σ a[i]·b[i] for i < n.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0, a4: Float = 0, a5: Float = 0, a6: Float = 0, a7: Float = 0
        var i = 0
        while i + 8 <= n {
            a0 += a[i] * b[i]; a1 += a[i + 1] * b[i + 1]; a2 += a[i + 2] * b[i + 2]; a3 += a[i + 3] * b[i + 3]
            a4 += a[i + 4] * b[i + 4]; a5 += a[i + 5] * b[i + 5]; a6 += a[i + 6] * b[i + 6]; a7 += a[i + 7] * b[i + 7]
            i += 8
        }
        var total = ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))
        while i < n { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// Σ a[i]·b[i]·(x[i] − m) for i < n.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafePointer<Float>, around m: Float,
                    _ n: Int) -> Float {
        var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0, a4: Float = 0, a5: Float = 0, a6: Float = 0, a7: Float = 0
        var i = 0
        while i + 8 <= n {
            a0 += a[i] * b[i] * (x[i] - m); a1 += a[i + 1] * b[i + 1] * (x[i + 1] - m)
            a2 += a[i + 2] * b[i + 2] * (x[i + 2] - m); a3 += a[i + 3] * b[i + 3] * (x[i + 3] - m)
            a4 += a[i + 4] * b[i + 4] * (x[i + 4] - m); a5 += a[i + 5] * b[i + 5] * (x[i + 5] - m)
            a6 += a[i + 6] * b[i + 6] * (x[i + 6] - m); a7 += a[i + 7] * b[i + 7] * (x[i + 7] - m)
            i += 8
        }
        var total = ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))
        while i < n { total += a[i] * b[i] * (x[i] - m); i += 1 }
        return total
    }
}
