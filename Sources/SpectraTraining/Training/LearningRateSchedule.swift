import Foundation

/// Learning rate as a function of the global step.
public enum LearningRateSchedule: Codable, Sendable, Equatable {
    /// The same rate every step.
    case constant(Float)
    /// Linear warm-up from 0 over `warmupSteps`, then cosine decay to `minimum` at `totalSteps`.
    case warmupCosine(peak: Float, warmupSteps: Int, totalSteps: Int, minimum: Float)

    /// The rate at `step` (0-based).
    public func rate(at step: Int) -> Float {
        switch self {
        case .constant(let r):
            return r
        case let .warmupCosine(peak, warmup, total, minimum):
            if step < warmup { return peak * Float(step + 1) / Float(max(1, warmup)) }
            let progress = min(1, Double(step - warmup) / Double(max(1, total - warmup)))
            return minimum + (peak - minimum) * Float(0.5 * (1 + cos(Double.pi * progress)))
        }
    }
}
