import Foundation
import SpectraCore
import SpectraNN
import Testing
@testable import SpectraInsight

/// `clusters` Gaussian blobs of `perCluster` points in `dimension`-D, centres 20 apart on different
/// axes, standard deviation 0.5: every point is far closer to its own blob than to any other.
private func blobs(clusters: Int, perCluster: Int, dimension: Int, seed: UInt64) -> (data: [Float], labels: [Int]) {
    var generator = SeededGenerator(seed: seed)
    var data: [Float] = [], labels: [Int] = []
    for c in 0..<clusters {
        for _ in 0..<perCluster {
            for k in 0..<dimension { data.append(Float((k == c % dimension ? 20.0 * Double(c + 1) : 0) + 0.5 * generator.gaussian())) }
            labels.append(c)
        }
    }
    return (data, labels)
}

/// Every point's nearest map neighbour is in its own cluster, and it is closer to its own cluster's
/// centroid than to any other's.
private func clustersStaySeparate(_ y: [Double], labels: [Int], clusters: Int) -> Bool {
    let n = labels.count
    var centroids = [(Double, Double)](repeating: (0, 0), count: clusters), counts = [Int](repeating: 0, count: clusters)
    for i in 0..<n { centroids[labels[i]].0 += y[2 * i]; centroids[labels[i]].1 += y[2 * i + 1]; counts[labels[i]] += 1 }
    for c in 0..<clusters { centroids[c] = (centroids[c].0 / Double(counts[c]), centroids[c].1 / Double(counts[c])) }
    func d2(_ i: Int, _ p: (Double, Double)) -> Double { pow(y[2 * i] - p.0, 2) + pow(y[2 * i + 1] - p.1, 2) }
    for i in 0..<n {
        let nearest = (0..<n).filter { $0 != i }.min { d2(i, (y[2 * $0], y[2 * $0 + 1])) < d2(i, (y[2 * $1], y[2 * $1 + 1])) }!
        if labels[nearest] != labels[i] { return false }
        let own = d2(i, centroids[labels[i]])
        for c in 0..<clusters where c != labels[i] && d2(i, centroids[c]) <= own { return false }
    }
    return true
}

struct TSNETests {
    @Test func perplexitySearchHitsTheTargetEntropy() {
        // Entropy of the found distribution, computed here: H = −Σ p ln p must equal ln(perplexity).
        let distances: [Double] = [0.3, 1, 1.2, 2, 2.5, 3, 4.1, 5, 7, 9, 12, 20]
        for perplexity in [2.0, 5.0, 9.0] {
            var p = [Double](repeating: 0, count: distances.count)
            distances.withUnsafeBufferPointer { d in
                p.withUnsafeMutableBufferPointer { PerplexitySearch.conditionalProbabilities(squaredDistances: d, perplexity: perplexity, into: $0) }
            }
            let entropy = -p.filter { $0 > 0 }.reduce(0) { $0 + $1 * log($1) }
            #expect(abs(entropy - log(perplexity)) < 1e-4, "perplexity \(perplexity): entropy \(entropy)")
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
            // Closer points get more probability.
            #expect(zip(p, p.dropFirst()).allSatisfy { $0 >= $1 })
        }
    }

    @Test func exactTSNEKeepsWellSeparatedClustersApartAndIsReproducible() throws {
        let (data, labels) = blobs(clusters: 3, perCluster: 20, dimension: 6, seed: 1)
        var options = TSNE.Options()
        options.perplexity = 10
        options.seed = 4
        let result = try TSNE.embed(data, count: 60, dimension: 6, options: options)
        #expect(result.method == .exact)
        #expect(clustersStaySeparate(result.coordinates, labels: labels, clusters: 3))
        #expect(result.klDivergence.isFinite && result.klDivergence >= 0)
        let again = try TSNE.embed(data, count: 60, dimension: 6, options: options)
        #expect(again.coordinates == result.coordinates)
        options.seed = 5
        let other = try TSNE.embed(data, count: 60, dimension: 6, options: options)
        #expect(other.coordinates != result.coordinates)
    }

    @Test func barnesHutTSNEKeepsWellSeparatedClustersApart() throws {
        let (data, labels) = blobs(clusters: 4, perCluster: 150, dimension: 10, seed: 2)
        var options = TSNE.Options()
        options.iterations = 500
        let result = try TSNE.embed(data, count: 600, dimension: 10, options: options)
        #expect(result.method == .barnesHut)
        #expect(clustersStaySeparate(result.coordinates, labels: labels, clusters: 4))
    }

    @Test func theMapDoesNotDependOnTheNumberOfThreads() throws {
        let (data, _) = blobs(clusters: 3, perCluster: 200, dimension: 5, seed: 6)
        var options = TSNE.Options()
        options.iterations = 100
        func run(threads: Int, method: TSNE.Method) throws -> [Double] {
            ComputeThreads.use(threads)
            defer { ComputeThreads.use(1) }
            options.method = method
            return try TSNE.embed(data, count: 600, dimension: 5, options: options).coordinates
        }
        for method in [TSNE.Method.exact, .barnesHut] {
            #expect(try run(threads: 1, method: method) == run(threads: 2, method: method), "\(method)")
        }
    }

    @Test func barnesHutRepulsionMatchesAllPairsForSmallTheta() {
        var generator = SeededGenerator(seed: 9)
        // Points with two exact duplicates, which must share a leaf and still see each other.
        var y = (0..<400).map { _ in 10 * generator.gaussian() }
        y[2] = y[0]; y[3] = y[1]
        // Brute force, here: Σ_j q²(y_i − y_j) and Σ_j q with q = 1/(1 + d²).
        func direct(_ i: Int) -> (Double, Double, Double) {
            var fx = 0.0, fy = 0.0, s = 0.0
            for j in 0..<200 where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let q = 1 / (1 + dx * dx + dy * dy)
                s += q; fx += q * q * dx; fy += q * q * dy
            }
            return (fx, fy, s)
        }
        y.withUnsafeBufferPointer { points in
            let tree = QuadTree(points: points)
            var errors: [Double: Double] = [0.1: 0, 0.5: 0]
            for i in 0..<200 {
                let (fx, fy, s) = direct(i)
                let exact = tree.repulsion(on: i, theta: 1e-9)
                #expect(abs(exact.sumQ - s) < 1e-9 * s)
                #expect(abs(exact.x - fx) < 1e-9 * max(1e-12, abs(fx)) + 1e-15)
                #expect(abs(exact.y - fy) < 1e-9 * max(1e-12, abs(fy)) + 1e-15)
                for theta in errors.keys { errors[theta]! += abs(tree.repulsion(on: i, theta: theta).sumQ - s) / s / 200 }
            }
            // The approximation error shrinks with theta.
            #expect(errors[0.1]! < errors[0.5]!)
        }
    }

    @Test func tooFewPointsForThePerplexityIsATypedError() {
        let (data, _) = blobs(clusters: 2, perCluster: 5, dimension: 3, seed: 3)
        #expect(throws: InsightError.self) { _ = try TSNE.embed(data, count: 10, dimension: 3) }
        var options = TSNE.Options()
        options.perplexity = 4  // Barnes–Hut needs 3 · 4 + 1 = 13 points
        options.method = .barnesHut
        #expect(throws: InsightError.self) { _ = try TSNE.embed(data, count: 10, dimension: 3, options: options) }
        var bad = data
        bad[4] = .nan
        options.method = nil
        #expect(throws: InsightError.self) { _ = try TSNE.embed(bad, count: 10, dimension: 3, options: options) }
    }
}
