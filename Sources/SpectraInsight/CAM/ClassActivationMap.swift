import SpectraModels

/// Where on the spectrum the paper's CNN found evidence for a class: a value per position of the
/// last convolution block's feature maps A_k(p) (k channels, p positions), placed on the input grid.
///
/// - **CAM** (paper, Methods: the dense weights multiplied with the last convolutional feature
///   maps): M(p) = Σ_k w_k(p) · A_k(p). The paper's CNN flattens A into three dense layers rather
///   than global pooling, so the weight of A_k(p) is the dense stack's effective linear weight for
///   this input, w_k(p) = ∂y_c/∂A_k(p) (exact: the dense layers are linear between ReLUs). With
///   zero dense biases Σ_p M(p) is exactly the class logit y_c.
/// - **Grad-CAM** (Selvaraju et al. 2017): α_k = mean_p ∂y/∂A_k(p), M(p) = max(0, Σ_k α_k · A_k(p)),
///   for any output y = Σ g ⊙ logits (a one-hot g picks one class).
///
/// Position p's receptive field is centred on input point `PaperCNN.inputCentre(ofFeaturePosition:)`;
/// `pointValues(count:)` interpolates linearly between those centres (held flat beyond them).
public struct ClassActivationMap: Codable, Sendable, Equatable {
    /// Which map.
    public enum Method: String, Codable, Sendable { case cam, gradCAM = "grad-cam" }

    public var method: Method
    /// The class whose logit was explained (nil for a general output gradient).
    public var classIndex: Int?
    /// One value per feature-map position.
    public var values: [Double]
    /// The input point (fractional index on the grid) each position is centred on.
    public var centres: [Double]

    /// The map of `method` for class `classIndex` on one spectrum (`inputLength` values).
    public static func compute(_ method: Method, cnn: PaperCNN, spectrum: [Float], classIndex: Int) throws -> ClassActivationMap {
        guard classIndex >= 0, classIndex < cnn.classes else {
            throw InsightError(reason: "class \(classIndex) is not one of the model's \(cnn.classes) outputs")
        }
        var oneHot = [Float](repeating: 0, count: cnn.classes)
        oneHot[classIndex] = 1
        var map = try compute(method, cnn: cnn, spectrum: spectrum, logitGradient: oneHot)
        map.classIndex = classIndex
        return map
    }

    /// The map of `method` for the output Σ logitGradient ⊙ logits (`classes` weights).
    public static func compute(_ method: Method, cnn: PaperCNN, spectrum: [Float], logitGradient: [Float]) throws -> ClassActivationMap {
        guard spectrum.count == cnn.inputLength else {
            throw InsightError(reason: "the CNN takes \(cnn.inputLength) points, got \(spectrum.count)")
        }
        _ = try spectrum.withUnsafeBufferPointer { try cnn.logits($0.baseAddress!, batch: 1, training: false) }
        guard let maps = cnn.featureMaps() else { throw InsightError(reason: "the CNN kept no feature maps") }
        let gradient = try cnn.featureMapGradient(logitGradient: logitGradient)
        let (channels, length) = cnn.featureMapShape
        var values = [Double](repeating: 0, count: length)
        switch method {
        case .cam:
            for k in 0..<channels {
                for p in 0..<length { values[p] += Double(gradient[k * length + p]) * Double(maps[k * length + p]) }
            }
        case .gradCAM:
            for k in 0..<channels {
                var alpha = 0.0
                for p in 0..<length { alpha += Double(gradient[k * length + p]) }
                alpha /= Double(length)
                for p in 0..<length { values[p] += alpha * Double(maps[k * length + p]) }
            }
            values = values.map { max(0, $0) }
        }
        let centres = (0..<length).map { cnn.inputCentre(ofFeaturePosition: Double($0)) }
        return ClassActivationMap(method: method, classIndex: nil, values: values, centres: centres)
    }

    /// One value per input point (0..<count): linear interpolation between the position centres,
    /// constant before the first and after the last centre.
    public func pointValues(count: Int) -> [Double] {
        guard let first = centres.first, let last = centres.last, values.count == centres.count else {
            return [Double](repeating: 0, count: count)
        }
        var out = [Double](repeating: 0, count: count)
        var k = 0
        for i in 0..<count {
            let x = Double(i)
            if x <= first { out[i] = values[0]; continue }
            if x >= last { out[i] = values[values.count - 1]; continue }
            while k + 1 < centres.count && centres[k + 1] < x { k += 1 }
            let t = (x - centres[k]) / (centres[k + 1] - centres[k])
            out[i] = values[k] + t * (values[k + 1] - values[k])
        }
        return out
    }
}
