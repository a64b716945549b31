import Foundation
import SpectraNN

/// The symmetric input affinities P of t-SNE (summing to 1), dense for the exact method or sparse
/// over nearest neighbours (CSR rows) for Barnes–Hut, with the gradient and the KL divergence they give.
struct Affinities {
    let count: Int
    /// n × n, row-major (exact method).
    private(set) var dense: [Double] = []
    /// CSR rows (Barnes–Hut): row i's entries are `columns[rowStart[i] ..< rowStart[i + 1]]`.
    private(set) var rowStart: [Int] = []
    private(set) var columns: [Int] = []
    private(set) var values: [Double] = []

    /// Dense P from all pairwise distances.
    static func exact(_ x: [Float], count n: Int, dimension d: Int, perplexity: Double) -> Affinities {
        let distances = NeighbourSearch.allSquaredDistances(x, count: n, dimension: d)
        var conditional = [Double](repeating: 0, count: n * n)
        conditional.withUnsafeMutableBufferPointer { c in
            let c = c
            distances.withUnsafeBufferPointer { all in
                let all = all
                ComputeThreads.forEach(n, costPerItem: 50 * n) { i in
                    var others = [Double](), p = [Double](repeating: 0, count: n - 1)
                    others.reserveCapacity(n - 1)
                    for j in 0..<n where j != i { others.append(all[i * n + j]) }
                    others.withUnsafeBufferPointer { o in
                        p.withUnsafeMutableBufferPointer { PerplexitySearch.conditionalProbabilities(squaredDistances: o, perplexity: perplexity, into: $0) }
                    }
                    var k = 0
                    for j in 0..<n where j != i { c[i * n + j] = p[k]; k += 1 }
                }
            }
        }
        var p = [Double](repeating: 0, count: n * n)
        var total = 0.0
        for i in 0..<n {
            for j in 0..<n {
                let v = conditional[i * n + j] + conditional[j * n + i]
                p[i * n + j] = v
                total += v
            }
        }
        if total > 0 { for k in p.indices { p[k] /= total } }
        var a = Affinities(count: n)
        a.dense = p
        return a
    }

    /// Sparse P over each point's ⌊3·perplexity⌋ nearest neighbours, symmetrised (bhtsne).
    static func sparse(_ x: [Float], count n: Int, dimension d: Int, perplexity: Double) -> Affinities {
        let k = min(n - 1, Int(3 * perplexity))
        let (indices, distances) = NeighbourSearch.nearest(x, count: n, dimension: d, k: k)
        var conditional = [Double](repeating: 0, count: n * k)
        conditional.withUnsafeMutableBufferPointer { c in
            let c = c
            distances.withUnsafeBufferPointer { all in
                let all = all
                ComputeThreads.forEach(n, costPerItem: 50 * k) { i in
                    PerplexitySearch.conditionalProbabilities(
                        squaredDistances: UnsafeBufferPointer(rebasing: all[(i * k)..<((i + 1) * k)]), perplexity: perplexity,
                        into: UnsafeMutableBufferPointer(rebasing: c[(i * k)..<((i + 1) * k)]))
                }
            }
        }
        // p_ij + p_ji over the union of both directions' edges, merged per (row, column).
        var entries: [(row: Int, column: Int, value: Double)] = []
        entries.reserveCapacity(2 * n * k)
        for i in 0..<n {
            for m in 0..<k {
                let j = indices[i * k + m], v = conditional[i * k + m]
                entries.append((i, j, v))
                entries.append((j, i, v))
            }
        }
        entries.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        var a = Affinities(count: n)
        a.rowStart = [Int](repeating: 0, count: n + 1)
        var total = 0.0
        var e = 0
        for i in 0..<n {
            a.rowStart[i] = a.columns.count
            while e < entries.count, entries[e].row == i {
                let column = entries[e].column
                var v = 0.0
                while e < entries.count, entries[e].row == i, entries[e].column == column { v += entries[e].value; e += 1 }
                a.columns.append(column)
                a.values.append(v)
                total += v
            }
        }
        a.rowStart[n] = a.columns.count
        if total > 0 { for m in a.values.indices { a.values[m] /= total } }
        return a
    }

    /// The t-SNE gradient (without bhtsne's omitted factor 4) of the map `y` (n × 2) with P scaled
    /// by `exaggeration`: Σ_j (exaggeration·p_ij − q_ij/Z)·q_ij·(y_i − y_j), q_ij = 1/(1 + ‖y_i − y_j‖²).
    func gradient(y: [Double], exaggeration: Double, theta: Double, method: TSNE.Method, into gradient: inout [Double]) {
        let n = count
        var repulsion = [Double](repeating: 0, count: 2 * n)
        var sums = [Double](repeating: 0, count: n)
        y.withUnsafeBufferPointer { yp in
            let yp = yp
            repulsion.withUnsafeMutableBufferPointer { r in
                let r = r
                sums.withUnsafeMutableBufferPointer { s in
                    let s = s
                    switch method {
                    case .exact:
                        ComputeThreads.forEach(n, costPerItem: 10 * n) { i in
                            var fx = 0.0, fy = 0.0, sumQ = 0.0
                            for j in 0..<n where j != i {
                                let dx = yp[2 * i] - yp[2 * j], dy = yp[2 * i + 1] - yp[2 * j + 1]
                                let q = 1 / (1 + dx * dx + dy * dy)
                                sumQ += q
                                fx += q * q * dx
                                fy += q * q * dy
                            }
                            r[2 * i] = fx; r[2 * i + 1] = fy; s[i] = sumQ
                        }
                    case .barnesHut:
                        let tree = QuadTree(points: yp)
                        ComputeThreads.forEach(n, costPerItem: 200) { i in
                            let f = tree.repulsion(on: i, theta: theta)
                            r[2 * i] = f.x; r[2 * i + 1] = f.y; s[i] = f.sumQ
                        }
                    }
                }
            }
        }
        let z = sums.reduce(0, +)
        for i in 0..<n {
            var ax = 0.0, ay = 0.0
            forEachAffinity(of: i) { j, p in
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let q = 1 / (1 + dx * dx + dy * dy)
                ax += exaggeration * p * q * dx
                ay += exaggeration * p * q * dy
            }
            gradient[2 * i] = ax - repulsion[2 * i] / z
            gradient[2 * i + 1] = ay - repulsion[2 * i + 1] / z
        }
    }

    /// Calls `body(j, p_ij)` for every non-zero affinity of row i.
    @inline(__always)
    func forEachAffinity(of i: Int, _ body: (Int, Double) -> Void) {
        if !dense.isEmpty {
            for j in 0..<count where j != i {
                let p = dense[i * count + j]
                if p > 0 { body(j, p) }
            }
        } else {
            for m in rowStart[i]..<rowStart[i + 1] { body(columns[m], values[m]) }
        }
    }

    /// KL(P‖Q) = Σ p_ij log(p_ij / q_ij) with Q normalised over all pairs.
    func klDivergence(y: [Double]) -> Double {
        let n = count
        var z = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                z += 1 / (1 + dx * dx + dy * dy)
            }
        }
        var kl = 0.0
        for i in 0..<n {
            forEachAffinity(of: i) { j, p in
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let q = 1 / (1 + dx * dx + dy * dy) / z
                kl += p * log(p / max(q, Double.leastNormalMagnitude))
            }
        }
        return kl
    }
}
