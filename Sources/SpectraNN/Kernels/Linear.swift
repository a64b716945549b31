import CBLAS

/// A fully connected layer `out = inp · Wᵀ + b` with PyTorch's weight layout `[OC, C]`.
///
/// With more than one worker (and not already inside one) each product is cut into independent
/// pieces, each one single-threaded sgemm on a block of rows (or of output channels when there are
/// more channels than rows), so both cores stay on their single-thread sgemm rate; see
/// `ComputeThreads`.
public enum Linear {
    /// out (N,OC) = inp (N,C) · weight (OC,C)ᵀ + bias (OC); bias may be nil.
    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               rows n: Int, inChannels c: Int, outChannels oc: Int) {
        let byRows = n >= oc
        let pieces = pieceCount(units: (byRows ? n : oc) / 32, work: n * oc * c)
        ComputeThreads.forEachTask(pieces) { index in
            let rows = byRows ? ComputeThreads.piece(index, of: n, pieces: pieces, multiple: 8) : 0..<n
            let cols = byRows ? 0..<oc : ComputeThreads.piece(index, of: oc, pieces: pieces, multiple: 16)
            forwardBlock(out: out, inp: inp, weight: weight, bias: bias, rows: rows, cols: cols, inChannels: c, outChannels: oc)
        }
    }

    /// out[rows, cols] of `forward`: one sgemm, the bias seeded first so sgemm adds the product to
    /// it in the same pass (beta 1) while the block is in cache.
    @inline(__always)
    static func forwardBlock(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                             weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                             rows: Range<Int>, cols: Range<Int>, inChannels c: Int, outChannels oc: Int) {
        guard !rows.isEmpty, !cols.isEmpty else { return }
        let o = out + rows.lowerBound * oc + cols.lowerBound
        var beta: Float = 0
        if let bias {
            for r in 0..<rows.count { (o + r * oc).update(from: bias + cols.lowerBound, count: cols.count) }
            beta = 1
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows.count), Int32(cols.count), Int32(c),
                    1, inp + rows.lowerBound * c, Int32(c), weight + cols.lowerBound * c, Int32(c), beta, o, Int32(oc))
    }

    /// Given dout (N,OC): dinp (N,C) = dout · weight (overwritten, or added to when
    /// `accumulateInput`; skipped when dinp is nil), dweight (OC,C) += doutᵀ · inp, dbias (OC) += Σ dout.
    public static func backward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                                dbias: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                                inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                rows n: Int, inChannels c: Int, outChannels oc: Int,
                                accumulateInput: Bool = false) {
        if let dinp {
            backwardInput(dinp: dinp, dout: dout, weight: weight, rows: n, inChannels: c, outChannels: oc,
                          accumulate: accumulateInput)
        }
        backwardParameters(dweight: dweight, dbias: dbias, dout: dout, inp: inp, rows: n, inChannels: c, outChannels: oc)
    }

    /// The row-local half of `backward`: dinp (N,C) = dout (N,OC) · weight (OC,C), or += when `accumulate`.
    public static func backwardInput(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                     weight: UnsafePointer<Float>, rows n: Int, inChannels c: Int, outChannels oc: Int,
                                     accumulate: Bool = false) {
        let pieces = pieceCount(units: n / 32, work: n * oc * c)
        ComputeThreads.forEachTask(pieces) { index in
            let rows = ComputeThreads.piece(index, of: n, pieces: pieces, multiple: 8)
            inputGradientBlock(dinp: dinp, dout: dout, weight: weight, rows: rows, inChannels: c, outChannels: oc,
                               accumulate: accumulate)
        }
    }

    /// dinp[rows] (= or +=) dout[rows] · weight: the row-local half of `backward`.
    @inline(__always)
    static func inputGradientBlock(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                   weight: UnsafePointer<Float>, rows: Range<Int>, inChannels c: Int, outChannels oc: Int,
                                   accumulate: Bool) {
        guard !rows.isEmpty else { return }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows.count), Int32(c), Int32(oc),
                    1, dout + rows.lowerBound * oc, Int32(oc), weight, Int32(c), accumulate ? 1 : 0,
                    dinp + rows.lowerBound * c, Int32(c))
    }

    /// The half of `backward` that sums over rows: dweight (OC,C) += doutᵀ · inp and dbias (OC) += Σ
    /// dout over all N rows. Pieces are blocks of output channels, each owning its rows of dweight
    /// and its slice of dbias.
    public static func backwardParameters(dweight: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>?,
                                          dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                                          rows n: Int, inChannels c: Int, outChannels oc: Int) {
        let pieces = pieceCount(units: oc / 32, work: n * oc * c)
        ComputeThreads.forEachTask(pieces) { index in
            let cols = ComputeThreads.piece(index, of: oc, pieces: pieces, multiple: 16)
            guard !cols.isEmpty else { return }
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(cols.count), Int32(c), Int32(n),
                        1, dout + cols.lowerBound, Int32(oc), inp, Int32(c), 1, dweight + cols.lowerBound * c, Int32(c))
            if let dbias {
                let db = dbias + cols.lowerBound, m = cols.count
                for r in 0..<n {
                    let row = dout + r * oc + cols.lowerBound
                    for o in 0..<m { db[o] += row[o] }
                }
            }
        }
    }

    /// One product of `backwardWeights`: dweight (OC,C) += doutᵀ (N,OC) · inp (N,C).
    public struct WeightGradient {
        public var dweight: UnsafeMutablePointer<Float>
        public var dout: UnsafePointer<Float>
        public var inp: UnsafePointer<Float>
        public var rows: Int
        public var inChannels: Int
        public var outChannels: Int

        public init(dweight: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                    rows: Int, inChannels: Int, outChannels: Int) {
            self.dweight = dweight
            self.dout = dout
            self.inp = inp
            self.rows = rows
            self.inChannels = inChannels
            self.outChannels = outChannels
        }

        /// Multiply-adds of the product.
        var work: Int { rows * inChannels * outChannels }
    }

    /// The weight gradients of several products (an encoder block's four), shared out over the workers as one list of pieces, largest first.
    ///
    /// Each product is cut along the longer of its two dweight dimensions into about as many
    /// pieces as its share of the work (about four pieces per worker in all), so each piece is one
    /// sgemm over all its rows that re-packs only the smaller operand. Cutting every product on its own
    /// into up to 16 blocks of output channels (the earlier way) re-packed the whole N × C input once
    /// per block: with two workers OpenBLAS's packing grew by a quarter (perf: `itcopy` ×1.6).
    /// A cut never changes a result: pieces own disjoint blocks of dweight, and each
    /// element is the same sum over the same rows.
    public static func backwardWeights(_ products: UnsafeBufferPointer<WeightGradient>) {
        let workers = ComputeThreads.isInsideWorker ? 1 : ComputeThreads.count
        guard workers > 1 else {
            for product in products { weightGradientBlock(product, outputs: 0..<product.outChannels, inputs: 0..<product.inChannels) }
            return
        }
        let total = products.reduce(0) { $0 + $1.work }
        let target = max(1, total / (4 * workers))
        func pieces(_ product: WeightGradient) -> Int {
            let units = max(1, max(product.outChannels, product.inChannels) / 16)
            return min(units, max(1, (product.work + target / 2) / target))
        }
        let taskCount = products.reduce(0) { $0 + pieces($1) }
        withUnsafeTemporaryAllocation(of: (product: Int, piece: Int, size: Int).self, capacity: taskCount) { tasks in
            var count = 0
            for (index, product) in products.enumerated() {
                let k = pieces(product)
                for piece in 0..<k {
                    // Insertion by size, largest first (a handful of tasks).
                    var at = count
                    let size = product.work / k
                    while at > 0 && tasks[at - 1].size < size {
                        tasks.initializeElement(at: at, to: tasks[at - 1])
                        at -= 1
                    }
                    tasks.initializeElement(at: at, to: (index, piece, size))
                    count += 1
                }
            }
            ComputeThreads.forEachTask(count) { t in
                let task = tasks[t], product = products[task.product], k = pieces(product)
                if product.outChannels >= product.inChannels {
                    weightGradientBlock(product,
                                        outputs: ComputeThreads.piece(task.piece, of: product.outChannels, pieces: k, multiple: 16),
                                        inputs: 0..<product.inChannels)
                } else {
                    weightGradientBlock(product, outputs: 0..<product.outChannels,
                                        inputs: ComputeThreads.piece(task.piece, of: product.inChannels, pieces: k, multiple: 16))
                }
            }
        }
    }

    /// dweight[outputs, inputs] += dout[:, outputs]ᵀ · inp[:, inputs] over all rows: one sgemm.
    @inline(__always)
    static func weightGradientBlock(_ p: WeightGradient, outputs: Range<Int>, inputs: Range<Int>) {
        guard !outputs.isEmpty, !inputs.isEmpty else { return }
        let c = p.inChannels, oc = p.outChannels, n = p.rows
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(outputs.count), Int32(inputs.count), Int32(n),
                    1, p.dout + outputs.lowerBound, Int32(oc), p.inp + inputs.lowerBound, Int32(c),
                    1, p.dweight + outputs.lowerBound * c + inputs.lowerBound, Int32(c))
    }

    /// dbias (OC) += Σ dout (N,OC) over the N rows, on the calling thread (for callers that already
    /// split rows over workers and sum their partial results).
    public static func backwardBias(dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                                    rows n: Int, outChannels oc: Int) {
        for r in 0..<n {
            let row = dout + r * oc
            for o in 0..<oc { dbias[o] += row[o] }
        }
    }

    /// How many pieces to cut a product into: one when there is one worker or the caller is a
    /// worker; otherwise a power of two up to 16, at most `units`, and about one per 4 M multiply-adds.
    static func pieceCount(units: Int, work: Int) -> Int {
        if ComputeThreads.count <= 1 || ComputeThreads.isInsideWorker { return 1 }
        var pieces = 1
        while pieces * 2 <= min(16, units, work >> 22) { pieces *= 2 }
        return pieces
    }
}
