/// The Barnes–Hut space-partitioning tree of 2-D t-SNE (van der Maaten 2014): square cells, each
/// with the number of points below it and their centre of mass; a leaf holds one point, or several
/// at the same position. Nodes live in flat arrays, children of node i at `firstChild[i] ..< +4`.
struct QuadTree {
    private(set) var centreX: [Double] = [], centreY: [Double] = [], halfWidth: [Double] = []
    private(set) var massX: [Double] = [], massY: [Double] = []
    private(set) var count: [Int] = []
    private var firstChild: [Int] = []
    /// First point of a leaf (−1: none); further points at the same position follow `nextPoint`.
    private var leafHead: [Int] = []
    private var nextPoint: [Int]
    private let points: UnsafeBufferPointer<Double>
    /// Below this depth cells stop splitting (points closer than ~2⁻⁵⁰ of the extent share a leaf).
    private static let maximumDepth = 50

    /// A tree over the n points `points` (x₀, y₀, x₁, y₁, …); `points` must outlive the tree.
    init(points: UnsafeBufferPointer<Double>) {
        self.points = points
        let n = points.count / 2
        nextPoint = [Int](repeating: -1, count: n)
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            minX = min(minX, points[2 * i]); maxX = max(maxX, points[2 * i])
            minY = min(minY, points[2 * i + 1]); maxY = max(maxY, points[2 * i + 1])
        }
        guard n > 0 else { return }
        let half = max(maxX - minX, maxY - minY) / 2 * (1 + 1e-5) + 1e-5
        addNode(x: (minX + maxX) / 2, y: (minY + maxY) / 2, half: half)
        for i in 0..<n { insert(i) }
    }

    private mutating func addNode(x: Double, y: Double, half: Double) {
        centreX.append(x); centreY.append(y); halfWidth.append(half)
        massX.append(0); massY.append(0); count.append(0)
        firstChild.append(-1); leafHead.append(-1)
    }

    private func quadrant(_ node: Int, x: Double, y: Double) -> Int {
        (x > centreX[node] ? 1 : 0) + (y > centreY[node] ? 2 : 0)
    }

    private mutating func insert(_ i: Int) {
        let x = points[2 * i], y = points[2 * i + 1]
        var node = 0, depth = 0
        while true {
            let c = Double(count[node])
            massX[node] = (massX[node] * c + x) / (c + 1)
            massY[node] = (massY[node] * c + y) / (c + 1)
            count[node] += 1
            if firstChild[node] < 0 {
                let head = leafHead[node]
                if head < 0 { leafHead[node] = i; return }
                if (points[2 * head] == x && points[2 * head + 1] == y) || depth >= Self.maximumDepth {
                    nextPoint[i] = head
                    leafHead[node] = i
                    return
                }
                // Split: the leaf's points (all at one position) move to one child as a leaf.
                let h = halfWidth[node] / 2
                firstChild[node] = centreX.count
                for q in 0..<4 {
                    addNode(x: centreX[node] + (q & 1 == 1 ? h : -h), y: centreY[node] + (q & 2 == 2 ? h : -h), half: h)
                }
                let child = firstChild[node] + quadrant(node, x: points[2 * head], y: points[2 * head + 1])
                leafHead[child] = head
                leafHead[node] = -1
                count[child] = count[node] - 1
                massX[child] = points[2 * head]
                massY[child] = points[2 * head + 1]
            }
            node = firstChild[node] + quadrant(node, x: x, y: y)
            depth += 1
        }
    }

    /// The repulsive part of the t-SNE gradient on point i: Σ_j q²_ij·(y_i − y_j) and Σ_j q_ij with
    /// q_ij = 1/(1 + ‖y_i − y_j‖²) over all j ≠ i, a cell standing for its points when its
    /// half-width / distance to its centre of mass is below `theta` (bhtsne's criterion).
    func repulsion(on i: Int, theta: Double) -> (x: Double, y: Double, sumQ: Double) {
        guard !count.isEmpty else { return (0, 0, 0) }
        let x = points[2 * i], y = points[2 * i + 1]
        var fx = 0.0, fy = 0.0, sumQ = 0.0
        var stack = [0]
        stack.reserveCapacity(64)
        while let node = stack.popLast() {
            if count[node] == 0 { continue }
            if firstChild[node] < 0 {
                var j = leafHead[node]
                while j >= 0 {
                    if j != i {
                        let dx = x - points[2 * j], dy = y - points[2 * j + 1]
                        let q = 1 / (1 + dx * dx + dy * dy)
                        sumQ += q
                        fx += q * q * dx
                        fy += q * q * dy
                    }
                    j = nextPoint[j]
                }
                continue
            }
            let dx = x - massX[node], dy = y - massY[node]
            let d2 = dx * dx + dy * dy
            if d2 > 0, halfWidth[node] < theta * d2.squareRoot() {
                let q = 1 / (1 + d2), m = Double(count[node])
                sumQ += m * q
                fx += m * q * q * dx
                fy += m * q * q * dy
            } else {
                for q in 0..<4 { stack.append(firstChild[node] + q) }
            }
        }
        return (fx, fy, sumQ)
    }
}
