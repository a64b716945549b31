/// The small dataset of benchmarks/zoo/baseline_references.py (numpy default_rng(7), 3 classes × 4 samples,
/// 5 features, rounded to 2 decimals) with 4 query rows; reference values come from scikit-learn 1.9.1.
enum BaselineDataset {
    static let features: [[Float]] = [
        [1.0, 0.27, 0.03, 0.28, -0.11], [-0.15, 1.02, 0.74, -0.12, 0.14], [0.42, 0.39, 1.03, -0.03, 0.79],
        [1.17, -0.14, -0.01, 0.02, -0.32], [-0.36, 0.94, 0.08, 0.07, 0.34], [0.25, -0.33, 0.87, 0.19, 0.83],
        [0.62, 0.08, -0.14, 0.3, 0.27], [-0.1, 0.99, 0.62, -0.15, 0.27], [0.33, 0.32, 0.69, 0.22, 1.14],
        [0.61, 0.41, 0.13, 0.34, 0.5], [0.29, 0.7, 0.42, 0.14, 0.25], [0.47, 0.28, 1.17, 0.56, 0.63],
    ]
    static let labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]
    static let queries: [[Float]] = [
        [1.06, 0.06, 0.14, 0.14, -0.17], [0.04, 1.27, 0.74, -0.4, 0.06],
        [0.49, -0.3, 0.86, 0.17, 1.18], [0.31, 0.9, 0.29, -0.08, 0.76],
    ]

    /// Largest absolute difference between two equally shaped matrices.
    static func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
        return zip(a, b).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
    }
}
