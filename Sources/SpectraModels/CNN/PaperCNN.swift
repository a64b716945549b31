import SpectraCore
import SpectraNN

/// The seed paper's CNN-XRD baseline (LeNet-5 style, paper Fig. 1a / Fig. S1) on the same engine
/// as the ViT, so the two compare fairly. The paper gives four convolutional blocks, each
/// convolution → max pooling → dropout, then flatten and three fully connected layers; we read
/// the channel counts as one conv per block:
///
///     input (B, 1, L)
///     features.0  Conv1d(1→6, k5)   ReLU  MaxPool1d(2)  Dropout(0.2)
///     features.4  Conv1d(6→16, k5)  ReLU  MaxPool1d(2)  Dropout(0.2)
///     features.8  Conv1d(16→32, k5) ReLU  MaxPool1d(2)  Dropout(0.2)
///     features.12 Conv1d(32→64, k5) ReLU  MaxPool1d(2)  Dropout(0.2)
///     flatten (B, 64·L4)
///     classifier.0 Linear(64·L4→120) ReLU, classifier.2 Linear(120→84) ReLU, classifier.4 Linear(84→classes)
///
/// Convolutions are stride 1 without padding (PyTorch's default), so Lᵢ₊₁ = ⌊(Lᵢ − 4)/2⌋; the
/// names are those of that `nn.Sequential` in PyTorch. Softmax is folded into the cross-entropy loss.
public final class PaperCNN: ParameterStore, @unchecked Sendable {
    /// Points per input spectrum.
    public let inputLength: Int
    /// Output classes.
    public let classes: Int
    /// Dropout after each pooling.
    public let dropout: Float
    /// All parameters (PyTorch names).
    public let parameters: ParameterSet
    /// Dropout randomness.
    public var generator: SeededGenerator

    static let channels = [1, 6, 16, 32, 64]
    static let kernel = 5
    static let dense = [120, 84]
    /// Length of each stage's input (stage 0 = the spectrum) and of the flattened features.
    let lengths: [Int]
    let flatCount: Int

    private struct Stage { var columns, conv, pooled, dpooled, dconv: Tensor; var argmax: UnsafeMutablePointer<Int32>; var mask: Tensor }
    private struct Plan {
        var batch: Int
        var stages: [Stage]
        var h1, h2, logits, dh1, dh2, dlogits, dcolumns: Tensor
        var argmaxStorage: [UnsafeMutablePointer<Int32>]
        var arena: Arena
    }
    private var plan: Plan?
    private var lastBatch = 0
    private var lastTraining = false

    /// A CNN for spectra of `inputLength` points; too short an input (nothing left after four
    /// blocks) is a `ModelError`.
    public init(inputLength: Int, classes: Int, dropout: Float = 0.2, seed: UInt64 = 0) throws {
        guard classes > 0 else { throw ModelError(reason: "classes must be positive, got \(classes)") }
        guard dropout >= 0, dropout < 1 else { throw ModelError(reason: "dropout must be in [0, 1), got \(dropout)") }
        var lengths = [inputLength]
        for _ in 0..<4 { lengths.append((lengths.last! - PaperCNN.kernel + 1) / 2) }
        guard lengths.allSatisfy({ $0 >= 1 }), inputLength >= PaperCNN.kernel else {
            throw ModelError(reason: "input of \(inputLength) points is too short for four conv(5)+pool(2) blocks (needs at least 76)")
        }
        self.inputLength = inputLength
        self.classes = classes
        self.dropout = dropout
        self.lengths = lengths
        flatCount = PaperCNN.channels[4] * lengths[4]
        var specs: [ParameterSpec] = []
        for s in 0..<4 {
            let (c, oc) = (PaperCNN.channels[s], PaperCNN.channels[s + 1])
            specs.append(ParameterSpec(name: "features.\(4 * s).weight", shape: [oc, c, PaperCNN.kernel], decays: true))
            specs.append(ParameterSpec(name: "features.\(4 * s).bias", shape: [oc], decays: false))
        }
        let widths = [flatCount] + PaperCNN.dense + [classes]
        for i in 0..<3 {
            specs.append(ParameterSpec(name: "classifier.\(2 * i).weight", shape: [widths[i + 1], widths[i]], decays: true))
            specs.append(ParameterSpec(name: "classifier.\(2 * i).bias", shape: [widths[i + 1]], decays: false))
        }
        parameters = ParameterSet(specs)
        generator = SeededGenerator(seed: seed, stream: 0xC22)
        var initGenerator = SeededGenerator(seed: seed, stream: 0xC1)
        // He (Kaiming) uniform weights, U(±√(6/fan_in)), and zero biases: the initialisation made for ReLU
        // networks. PyTorch's default, U(±1/√fan_in) for weights *and* biases, left this network at chance
        // on the 2,000-class XRD set (loss stuck at ln 2000 for a whole epoch, and at ln 100 on 100 classes):
        // on spectra that are zero almost everywhere the random biases, not the peaks, set the activations.
        let fanIns = (0..<4).map { PaperCNN.channels[$0] * PaperCNN.kernel } + widths.prefix(3)
        var fanIn: [String: Int] = [:]
        for (i, spec) in specs.enumerated() { fanIn[spec.name] = fanIns[i / 2] }
        parameters.initialise { spec in
            guard spec.decays else { return [Float](repeating: 0, count: spec.count) } // biases
            return Initialiser.uniform(count: spec.count, bound: (6 / Double(fanIn[spec.name] ?? 1)).squareRoot(),
                                       generator: &initGenerator)
        }
    }

    deinit { plan?.argmaxStorage.forEach { $0.deallocate() } }

    private func makePlan(_ batchSize: Int) {
        if let plan, plan.batch >= batchSize { return }
        plan?.argmaxStorage.forEach { $0.deallocate() }
        let b = max(1, batchSize)
        let arena = Arena()
        var stages: [Stage] = []
        var storage: [UnsafeMutablePointer<Int32>] = []
        var maxColumns = 1
        for s in 0..<4 {
            let (c, oc) = (PaperCNN.channels[s], PaperCNN.channels[s + 1])
            let lo = Conv1d.outputLength(lengths[s], kernel: PaperCNN.kernel), lp = lengths[s + 1]
            maxColumns = max(maxColumns, c * PaperCNN.kernel * lo)
            let argmax = UnsafeMutablePointer<Int32>.allocate(capacity: b * oc * lp)
            argmax.initialize(repeating: 0, count: b * oc * lp)
            storage.append(argmax)
            stages.append(Stage(columns: arena.tensor([b, c * PaperCNN.kernel, lo]), conv: arena.tensor([b, oc, lo]),
                                pooled: arena.tensor([b, oc, lp]), dpooled: arena.tensor([b, oc, lp]),
                                dconv: arena.tensor([b, oc, lo]), argmax: argmax, mask: arena.tensor([b, oc, lp])))
        }
        plan = Plan(batch: b, stages: stages, h1: arena.tensor([b, 120]), h2: arena.tensor([b, 84]),
                    logits: arena.tensor([b, classes]), dh1: arena.tensor([b, 120]), dh2: arena.tensor([b, 84]),
                    dlogits: arena.tensor([b, classes]), dcolumns: arena.tensor([maxColumns]),
                    argmaxStorage: storage, arena: arena)
    }

    /// Logits (batch × classes) for `input` (batch × inputLength); `training` enables dropout.
    /// A non-finite input value is a `ModelError`.
    public func logits(_ input: UnsafePointer<Float>, batch b: Int, training: Bool = false) throws -> Tensor {
        guard b > 0 else { throw ModelError(reason: "batch must hold at least one spectrum") }
        for i in 0..<(b * inputLength) where !input[i].isFinite {
            throw ModelError(reason: "spectrum \(i / inputLength) of the batch has a non-finite value at point \(i % inputLength)")
        }
        makePlan(b)
        guard let p = plan else { throw ModelError(reason: "no plan") }
        let w = parameters
        var x = input
        for (s, stage) in p.stages.enumerated() {
            let (c, oc) = (PaperCNN.channels[s], PaperCNN.channels[s + 1])
            let lo = Conv1d.outputLength(lengths[s], kernel: PaperCNN.kernel)
            Conv1d.forward(out: stage.conv.data, columns: stage.columns.data, inp: x, weight: w.tensor(2 * s).data,
                           bias: w.tensor(2 * s + 1).data, batch: b, inChannels: c, length: lengths[s], outChannels: oc,
                           kernel: PaperCNN.kernel)
            ReLU.forward(out: stage.conv.data, inp: stage.conv.data, count: b * oc * lo)
            MaxPool1d.forward(out: stage.pooled.data, argmax: stage.argmax, inp: stage.conv.data, rows: b * oc, length: lo)
            if training, dropout > 0 {
                let n = b * oc * lengths[s + 1]
                Dropout.makeMask(stage.mask.data, count: n, rate: dropout, generator: &generator)
                Dropout.forward(out: stage.pooled.data, inp: stage.pooled.data, mask: stage.mask.data, count: n)
            }
            x = UnsafePointer(stage.pooled.data)
        }
        Linear.forward(out: p.h1.data, inp: x, weight: w.tensor(8).data, bias: w.tensor(9).data, rows: b, inChannels: flatCount, outChannels: 120)
        ReLU.forward(out: p.h1.data, inp: p.h1.data, count: b * 120)
        Linear.forward(out: p.h2.data, inp: p.h1.data, weight: w.tensor(10).data, bias: w.tensor(11).data, rows: b, inChannels: 120, outChannels: 84)
        ReLU.forward(out: p.h2.data, inp: p.h2.data, count: b * 84)
        Linear.forward(out: p.logits.data, inp: p.h2.data, weight: w.tensor(12).data, bias: w.tensor(13).data, rows: b, inChannels: 84, outChannels: classes)
        lastBatch = b
        lastTraining = training
        return Tensor(shape: [b, classes], data: p.logits.data)
    }

    /// Forward, mean softmax cross-entropy against `labels` and backward, gradients zeroed first.
    public func lossAndGradients(_ input: UnsafePointer<Float>, labels: [Int32], training: Bool = true) throws -> Double {
        let b = labels.count
        parameters.zeroGradients()
        _ = try logits(input, batch: b, training: training)
        guard let p = plan else { throw ModelError(reason: "no plan") }
        let loss: Double
        do {
            loss = try labels.withUnsafeBufferPointer {
                try Loss.softmaxCrossEntropy(logits: p.logits.data, labels: $0.baseAddress!, dlogits: p.dlogits.data,
                                             batch: b, classes: classes)
            }
        } catch let error as NNError { throw ModelError(reason: error.reason) }
        guard loss.isFinite else { throw ModelError(reason: "loss is not finite (\(loss))") }
        backward(p, batch: b, input: input)
        return loss
    }

    /// dlogits → the last block's dpooled through the three dense layers (adding their parameter gradients).
    private func denseBackward(_ p: Plan, batch b: Int) {
        let w = parameters
        let last = p.stages[3]
        Linear.backward(dinp: p.dh2.data, dweight: w.gradient(12).data, dbias: w.gradient(13).data, dout: p.dlogits.data,
                        inp: p.h2.data, weight: w.tensor(12).data, rows: b, inChannels: 84, outChannels: classes)
        ReLU.backward(dinp: p.dh2.data, out: p.h2.data, dout: p.dh2.data, count: b * 84)
        Linear.backward(dinp: p.dh1.data, dweight: w.gradient(10).data, dbias: w.gradient(11).data, dout: p.dh2.data,
                        inp: p.h1.data, weight: w.tensor(10).data, rows: b, inChannels: 120, outChannels: 84)
        ReLU.backward(dinp: p.dh1.data, out: p.h1.data, dout: p.dh1.data, count: b * 120)
        Linear.backward(dinp: last.dpooled.data, dweight: w.gradient(8).data, dbias: w.gradient(9).data, dout: p.dh1.data,
                        inp: last.pooled.data, weight: w.tensor(8).data, rows: b, inChannels: flatCount, outChannels: 120)
    }

    private func backward(_ p: Plan, batch b: Int, input: UnsafePointer<Float>) {
        let w = parameters
        denseBackward(p, batch: b)
        for s in stride(from: 3, through: 0, by: -1) {
            let stage = p.stages[s]
            let (c, oc) = (PaperCNN.channels[s], PaperCNN.channels[s + 1])
            let lo = Conv1d.outputLength(lengths[s], kernel: PaperCNN.kernel), lp = lengths[s + 1]
            if lastTraining, dropout > 0 {
                Dropout.backward(dinp: stage.dpooled.data, dout: stage.dpooled.data, mask: stage.mask.data, count: b * oc * lp)
            }
            MaxPool1d.backward(dinp: stage.dconv.data, dout: stage.dpooled.data, argmax: stage.argmax, rows: b * oc, length: lo)
            ReLU.backward(dinp: stage.dconv.data, out: stage.conv.data, dout: stage.dconv.data, count: b * oc * lo)
            var dinp: UnsafeMutablePointer<Float>?
            if s > 0 {
                dinp = p.stages[s - 1].dpooled.data
                dinp?.update(repeating: 0, count: b * c * lengths[s])
            }
            Conv1d.backward(dinp: dinp, dweight: w.gradient(2 * s).data, dbias: w.gradient(2 * s + 1).data,
                            dcolumns: p.dcolumns.data, dout: stage.dconv.data, columns: stage.columns.data,
                            weight: w.tensor(2 * s).data, batch: b, inChannels: c, length: lengths[s], outChannels: oc,
                            kernel: PaperCNN.kernel)
        }
    }

    /// One optimisation step (`step` from 1); a non-finite loss is a `ModelError` naming the step.
    @discardableResult
    public func trainStep(_ input: UnsafePointer<Float>, labels: [Int32], optimiser: any Optimiser,
                          learningRate: Float, step: Int) throws -> Double {
        let loss: Double
        do { loss = try lossAndGradients(input, labels: labels) } catch let error as ModelError {
            throw ModelError(reason: "step \(step): \(error.reason)")
        }
        optimiser.update([parameters], learningRate: learningRate, step: step)
        return loss
    }

    // MARK: Insight

    /// Channels and length of the last block's pooled feature maps, which `classifier.0` reads
    /// flattened channel-major (index = channel · length + position).
    public var featureMapShape: (channels: Int, length: Int) { (PaperCNN.channels[4], lengths[4]) }

    /// The input point (fractional) at the centre of the receptive field of last-block position `p`:
    /// each block maps position q to conv outputs 2q, 2q+1, whose kernels start at those input points,
    /// so the centre is 2q + 0.5 + (kernel − 1)/2 one level down (16p + 37.5 for four blocks).
    public func inputCentre(ofFeaturePosition p: Double) -> Double {
        var c = p
        for _ in 0..<4 { c = 2 * c + 0.5 + Double(PaperCNN.kernel - 1) / 2 }
        return c
    }

    /// The last block's feature maps (after ReLU, max pooling and any dropout) of the last forward,
    /// batch × channels × length.
    public func featureMaps() -> [Float]? {
        guard let p = plan, lastBatch > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: p.stages[3].pooled.data, count: lastBatch * flatCount))
    }

    /// The penultimate layer's activations (batch × 84, after ReLU) of the last forward: the CNN's
    /// learned representation, e.g. for t-SNE.
    public func penultimateFeatures() -> [Float]? {
        guard let p = plan, lastBatch > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: p.h2.data, count: lastBatch * PaperCNN.dense[1]))
    }

    /// ∂(Σ logitGradient ⊙ logits)/∂featureMaps for the last forward (batch × channels × length),
    /// back through the three dense layers; `logitGradient` is batch × classes (a one-hot row gives the
    /// gradient of one class logit, as Grad-CAM needs). Parameter gradients are zeroed first and hold
    /// the dense layers' gradients of this backward afterwards.
    public func featureMapGradient(logitGradient: [Float]) throws -> [Float] {
        guard let p = plan, lastBatch > 0 else { throw ModelError(reason: "no forward pass to differentiate") }
        let b = lastBatch
        guard logitGradient.count == b * classes else {
            throw ModelError(reason: "expected \(b * classes) logit gradients (batch \(b) × \(classes) classes), got \(logitGradient.count)")
        }
        parameters.zeroGradients()
        p.dlogits.copy(from: logitGradient)
        denseBackward(p, batch: b)
        return Array(UnsafeBufferPointer(start: p.stages[3].dpooled.data, count: b * flatCount))
    }

    public var namedParameters: [(name: String, shape: [Int])] { parameters.namedParameters }
    public func exportParameters() -> NamedTensors { parameters.exportParameters() }
    public func importParameters(_ tensors: NamedTensors) throws { try parameters.importParameters(tensors) }
}
