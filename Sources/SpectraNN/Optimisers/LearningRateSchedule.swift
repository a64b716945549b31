import Foundation

/// A learning rate as a function of the 0-based step.
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for `step` (0-based).
    func learningRate(at step: Int) -> Float
}

/// The same learning rate at every step.
public struct ConstantSchedule: LearningRateSchedule {
    public var rate: Float
    public init(rate: Float) { self.rate = rate }
    public func learningRate(at step: Int) -> Float { rate }
}

/// Linear warm-up from 0 to `peak` over `warmupSteps`, then cosine decay to `minimum` at `totalSteps`
/// (held at `minimum` afterwards).
public struct WarmupCosineSchedule: LearningRateSchedule {
    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int
    public var minimum: Float

    public init(peak: Float, warmupSteps: Int, totalSteps: Int, minimum: Float = 0) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.minimum = minimum
    }

    public func learningRate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let span = max(1, totalSteps - warmupSteps)
        let progress = min(1, Double(step - warmupSteps) / Double(span))
        return minimum + (peak - minimum) * Float(0.5 * (1 + cos(Double.pi * progress)))
    }
}
