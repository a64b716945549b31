import SpectraNN

/// Squared Euclidean distances between the rows of a data matrix, computed block by block as
/// ‖a‖² + ‖b‖² − 2·a·b with the matrix product on BLAS (`Linear.forward` is X·Yᵀ), so thousands of
/// spectra of thousands of points take seconds and memory stays at one block of rows.
enum NeighbourSearch {
    /// Rows per block of the distance matrix.
    static let blockRows = 256

    /// Calls `body(i, distances)` for every row i with its squared distances to all n rows (the
    /// buffer is reused; distance to itself is 0). `data` is n × dimension, row-major.
    static func forEachRow(_ data: [Float], count n: Int, dimension d: Int,
                           _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        var norms = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for k in 0..<d { let v = Double(data[i * d + k]); s += v * v }
            norms[i] = s
        }
        var products = [Float](repeating: 0, count: min(blockRows, n) * n)
        var row = [Double](repeating: 0, count: n)
        data.withUnsafeBufferPointer { x in
            guard let base = x.baseAddress else { return }
            var start = 0
            while start < n {
                let rows = min(blockRows, n - start)
                products.withUnsafeMutableBufferPointer { out in
                    Linear.forward(out: out.baseAddress!, inp: base + start * d, weight: base, bias: nil,
                                   rows: rows, inChannels: d, outChannels: n)
                }
                for r in 0..<rows {
                    let i = start + r
                    for j in 0..<n { row[j] = max(0, norms[i] + norms[j] - 2 * Double(products[r * n + j])) }
                    row[i] = 0
                    row.withUnsafeBufferPointer { body(i, $0) }
                }
                start += rows
            }
        }
    }

    /// The `k` nearest other rows of every row (ascending distance, ties by index) with their
    /// squared distances: n × k indices and distances, row-major.
    static func nearest(_ data: [Float], count n: Int, dimension d: Int, k: Int) -> (indices: [Int], squaredDistances: [Double]) {
        var indices = [Int](repeating: 0, count: n * k)
        var distances = [Double](repeating: 0, count: n * k)
        forEachRow(data, count: n, dimension: d) { i, row in
            // A max-heap of the k best (distance, index) pairs seen so far.
            var heap: [(Double, Int)] = []
            heap.reserveCapacity(k)
            func worse(_ a: (Double, Int), _ b: (Double, Int)) -> Bool { a.0 > b.0 || (a.0 == b.0 && a.1 > b.1) }
            for j in 0..<n where j != i {
                let candidate = (row[j], j)
                if heap.count < k {
                    heap.append(candidate)
                    var c = heap.count - 1
                    while c > 0 {
                        let parent = (c - 1) / 2
                        guard worse(heap[c], heap[parent]) else { break }
                        heap.swapAt(c, parent)
                        c = parent
                    }
                } else if worse(heap[0], candidate) {
                    heap[0] = candidate
                    var c = 0
                    while true {
                        let l = 2 * c + 1, r = l + 1
                        var largest = c
                        if l < heap.count && worse(heap[l], heap[largest]) { largest = l }
                        if r < heap.count && worse(heap[r], heap[largest]) { largest = r }
                        if largest == c { break }
                        heap.swapAt(c, largest)
                        c = largest
                    }
                }
            }
            heap.sort { worse($1, $0) }
            for (m, pair) in heap.enumerated() {
                // The Float32 product only chooses the neighbours; their distances are recomputed in Float64.
                distances[i * k + m] = squaredDistance(data, i, pair.1, dimension: d)
                indices[i * k + m] = pair.1
            }
        }
        return (indices, distances)
    }

    /// All n × n squared distances in Float64 (for exact t-SNE on small sets).
    static func allSquaredDistances(_ data: [Float], count n: Int, dimension d: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        out.withUnsafeMutableBufferPointer { o in
            let o = o
            ComputeThreads.forEach(n, costPerItem: n * d) { i in
                for j in 0..<n where j != i { o[i * n + j] = squaredDistance(data, i, j, dimension: d) }
            }
        }
        return out
    }

    static func squaredDistance(_ data: [Float], _ a: Int, _ b: Int, dimension d: Int) -> Double {
        var s = 0.0
        for k in 0..<d {
            let v = Double(data[a * d + k]) - Double(data[b * d + k])
            s += v * v
        }
        return s
    }
}
