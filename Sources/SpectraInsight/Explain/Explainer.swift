import Foundation
import SpectraCore
import SpectraModels

/// Explains a classifier's decision on spectra already on its grid: runs the network and gathers
/// the maps for its architecture (attention for a ViT, CAM and Grad-CAM for the paper's CNN).
public struct Explainer {
    public let network: ClassifierNetwork
    /// Class labels in output order.
    public let labels: [String]
    /// The model's grid.
    public let axis: CanonicalAxis

    /// An explainer for a ViT or CNN; a classical baseline has nothing to show and is an error.
    public init(network: ClassifierNetwork, labels: [String], axis: CanonicalAxis) throws {
        if case .baseline = network {
            throw InsightError(reason: "\(network.configuration.architecture.rawValue) is a classical baseline: explain needs a ViT or the CNN")
        }
        guard labels.count == network.classCount, axis.count == network.inputLength else {
            throw InsightError(reason: "\(labels.count) labels and a grid of \(axis.count) points do not fit a network with \(network.classCount) outputs and \(network.inputLength) inputs")
        }
        self.network = network
        self.labels = labels
        self.axis = axis
    }

    /// The explanation of `spectrum` (one value per grid point) named `file`, with the `top` most
    /// probable labels; the CNN's maps explain `className`, or the top prediction when nil (a class
    /// given for a ViT is an error: its attention is the same for every class).
    public func explain(_ spectrum: [Float], file: String, top k: Int = 5, className: String? = nil) throws -> Explanation {
        let logits = try network.logits(spectrum, count: 1)
        let probabilities = Self.softmax(logits)
        let order = probabilities.indices.sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
        var explanation = Explanation(
            file: file, architecture: network.configuration.architecture.rawValue, axis: axis,
            spectrum: spectrum.map(Double.init),
            top: order.prefix(max(1, k)).map { Explanation.Ranked(label: labels[$0], probability: probabilities[$0]) })
        switch network {
        case .vit(let model):
            guard className == nil else {
                throw InsightError(reason: "a ViT's attention does not depend on a class; choosing one applies to the CNN's CAM")
            }
            // The forward above left this spectrum's attention in the backbone.
            let maps = try AttentionMaps(backbone: model.backbone, sample: 0)
            let segments = try SegmentAxis(axis: axis.values, segmentLength: model.backbone.configuration.effectiveSegmentLength)
            explanation.attention = maps
            explanation.segments = segments
            explanation.clsMap = maps.clsMap()
            explanation.rollout = maps.rolloutCLS()
            explanation.pointMaps = [
                .init(name: "rollout", values: segments.pointValues(tokenWeights: explanation.rollout ?? [])),
                .init(name: "CLS, last layer", values: segments.pointValues(tokenWeights: explanation.clsMap ?? [])),
            ]
        case .cnn(let cnn):
            let target: Int
            if let className {
                guard let i = labels.firstIndex(of: className) else {
                    throw InsightError(reason: "class '\(className)' is not one of the model's \(labels.count) labels")
                }
                target = i
            } else {
                target = order[0]
            }
            let cam = try ClassActivationMap.compute(.cam, cnn: cnn, spectrum: spectrum, classIndex: target)
            let gradCAM = try ClassActivationMap.compute(.gradCAM, cnn: cnn, spectrum: spectrum, classIndex: target)
            explanation.explainedClass = labels[target]
            explanation.cam = cam
            explanation.gradCAM = gradCAM
            explanation.pointMaps = [
                .init(name: "CAM", values: cam.pointValues(count: axis.count)),
                .init(name: "Grad-CAM", values: gradCAM.pointValues(count: axis.count)),
            ]
        case .baseline:
            break
        }
        return explanation
    }

    static func softmax(_ logits: [Float]) -> [Double] {
        let m = Double(logits.max() ?? 0)
        let e = logits.map { exp(Double($0) - m) }
        let z = e.reduce(0, +)
        return e.map { $0 / z }
    }
}
