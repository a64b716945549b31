import Dispatch
import Foundation

/// CIF file → stick pattern → profile on a grid: the pipeline `simulate-xrd` and the dataset
/// builder share, with batch execution over both cores.
public struct PatternSimulation: Sendable {
    public var reader = CIFReader()
    public var simulator: PowderPatternSimulator
    public var profile: PeakProfile
    /// Profile grid, degrees 2θ.
    public var gridDegrees: [Double]

    public init(simulator: PowderPatternSimulator = PowderPatternSimulator(), profile: PeakProfile = PeakProfile(),
                stepDegrees: Double = 0.02) {
        self.simulator = simulator
        self.profile = profile
        gridDegrees = PeakProfile.grid(startDegrees: simulator.twoThetaRangeDegrees.lowerBound,
                                       stopDegrees: simulator.twoThetaRangeDegrees.upperBound, stepDegrees: stepDegrees)
    }

    /// Stick pattern of a CIF file (strongest = 100).
    public func peaks(cifPath: String) throws -> [DiffractionPeak] {
        try simulator.peaks(for: reader.read(path: cifPath))
    }

    /// Profile of a CIF file on `gridDegrees` (max 100).
    public func profile(cifPath: String) throws -> [Double] {
        profile.profile(of: try peaks(cifPath: cifPath), at: gridDegrees)
    }

    /// Runs `body` for every path on all cores (one structure per task, each simulated on one core),
    /// returning results in input order; errors are returned, not thrown, so a batch goes on.
    public func map<T: Sendable>(_ paths: [String], progress: (@Sendable (Int, Int) -> Void)? = nil,
                                 _ body: @Sendable @escaping (PatternSimulation, String) throws -> T) -> [Result<T, Error>] {
        var serial = self
        serial.simulator.parallel = false
        let worker = serial
        let results = ResultBox<T>(count: paths.count)
        let counter = ProgressCounter()
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let result: Result<T, Error>
            do { result = .success(try body(worker, paths[index])) } catch { result = .failure(error) }
            results.set(index, result)
            let done = counter.increment()
            progress?(done, paths.count)
        }
        return results.values
    }
}

/// Thread-safe slots for batch results.
private final class ResultBox<T>: @unchecked Sendable {
    private var storage: [Result<T, Error>?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<T, Error>) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [Result<T, Error>] {
        storage.map { $0 ?? .failure(CIFError(file: nil, reason: "not simulated")) }
    }
}

/// A thread-safe counter of finished tasks.
private final class ProgressCounter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}
