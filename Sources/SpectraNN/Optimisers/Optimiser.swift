import Foundation

/// Updates parameters from their accumulated gradients. `step` counts from 1 (Adam's bias correction).
public protocol Optimiser {
    /// Applies one update to every set with learning rate `learningRate`.
    func update(_ sets: [ParameterSet], learningRate: Float, step: Int)
}
