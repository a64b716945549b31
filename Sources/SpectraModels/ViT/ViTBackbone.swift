import SpectraCore
import SpectraNN

/// A Vision Transformer encoder over 1-D spectra (timm's `VisionTransformer` without its head):
/// segments → tokens, a learned CLS token and position embedding, pre-norm encoder blocks, final
/// LayerNorm; `forwardFeatures` gives the CLS embedding that heads read.
///
/// Memory is planned once per batch size (`plan(batchSize:)`): every activation and activation
/// gradient is a view into one arena, so forward and backward allocate nothing.
public final class ViTBackbone: ParameterStore, @unchecked Sendable {
    /// The validated configuration.
    public let configuration: ViTConfiguration
    /// All backbone parameters in timm's names and order.
    public let parameters: ParameterSet
    /// Dropout / drop-path randomness.
    public var generator: SeededGenerator

    // Parameter positions in `parameters`.
    private let clsIndex: Int, posIndex: Int, patchWeightIndex: Int?, patchBiasIndex: Int?
    private let normWeightIndex: Int, normBiasIndex: Int
    private struct BlockIndices { var norm1w, norm1b, qkvw, qkvb, projw, projb, norm2w, norm2b, fc1w, fc1b, fc2w, fc2b: Int }
    private let blockIndices: [BlockIndices]

    /// Activations of one encoder block (B batch, T tokens, C channels, H heads, F hidden). From
    /// proj on, the last block holds only the CLS row of each sample (B rows instead of B·T).
    private struct BlockActivations {
        /// fc1 holds the MLP pre-activation, overwritten with gelu′ by a training forward.
        var ln1, ln1Mean, ln1Rstd, qkv, att, attY, proj, res2, ln2, ln2Mean, ln2Rstd, fc1, gelu, fc2, res3: Tensor
        var attMask, attDropped, projMask, geluMask, fc2Mask, pathScale1, pathScale2: Tensor?
    }
    private struct Plan {
        var batch: Int
        var segments, patch, x0: Tensor
        var x0Mask: Tensor?
        var blocks: [BlockActivations]
        /// The last block's attention output at the CLS rows (B,C), its proj's input.
        var clsAttY: Tensor
        var normMean, normRstd, features: Tensor
        // Gradients and scratch. dbranch and dattnBranch hold the MLP and attention branches'
        // output gradients of the current block; dtail the gradient of the last block's CLS rows;
        // rowSums the groups' sums over rows.
        var dfeatures, dtail, dresidual, dbranch, dattnBranch, dln, dqkv, dattY, attScratch, dgelu, dpatch: Tensor
        var rowSums: Tensor
        var arena: Arena
    }
    private var plan: Plan?

    /// A backbone with timm's initialisation drawn from `seed`; throws on an invalid configuration.
    public init(configuration: ViTConfiguration, seed: UInt64 = 0) throws {
        try configuration.validate()
        self.configuration = configuration
        let c = configuration.embedDim, t = configuration.tokenCount, f = configuration.hiddenDim
        var specs: [ParameterSpec] = [
            ParameterSpec(name: "cls_token", shape: [1, 1, c], decays: false),
            ParameterSpec(name: "pos_embed", shape: [1, t, c], decays: false),
        ]
        if configuration.embedding == .linear {
            specs.append(ParameterSpec(name: "patch_embed.proj.weight", shape: [c, configuration.segmentLength], decays: true))
            specs.append(ParameterSpec(name: "patch_embed.proj.bias", shape: [c], decays: false))
        }
        for l in 0..<configuration.depth {
            let p = "blocks.\(l)."
            specs += [
                ParameterSpec(name: p + "norm1.weight", shape: [c], decays: false),
                ParameterSpec(name: p + "norm1.bias", shape: [c], decays: false),
                ParameterSpec(name: p + "attn.qkv.weight", shape: [3 * c, c], decays: true),
                ParameterSpec(name: p + "attn.qkv.bias", shape: [3 * c], decays: false),
                ParameterSpec(name: p + "attn.proj.weight", shape: [c, c], decays: true),
                ParameterSpec(name: p + "attn.proj.bias", shape: [c], decays: false),
                ParameterSpec(name: p + "norm2.weight", shape: [c], decays: false),
                ParameterSpec(name: p + "norm2.bias", shape: [c], decays: false),
                ParameterSpec(name: p + "mlp.fc1.weight", shape: [f, c], decays: true),
                ParameterSpec(name: p + "mlp.fc1.bias", shape: [f], decays: false),
                ParameterSpec(name: p + "mlp.fc2.weight", shape: [c, f], decays: true),
                ParameterSpec(name: p + "mlp.fc2.bias", shape: [c], decays: false),
            ]
        }
        specs.append(ParameterSpec(name: "norm.weight", shape: [c], decays: false))
        specs.append(ParameterSpec(name: "norm.bias", shape: [c], decays: false))
        let set = ParameterSet(specs)
        parameters = set
        func at(_ name: String) -> Int { set.position(of: name)! }
        clsIndex = at("cls_token")
        posIndex = at("pos_embed")
        patchWeightIndex = set.position(of: "patch_embed.proj.weight")
        patchBiasIndex = set.position(of: "patch_embed.proj.bias")
        normWeightIndex = at("norm.weight")
        normBiasIndex = at("norm.bias")
        blockIndices = (0..<configuration.depth).map { l in
            let p = "blocks.\(l)."
            return BlockIndices(norm1w: at(p + "norm1.weight"), norm1b: at(p + "norm1.bias"),
                                qkvw: at(p + "attn.qkv.weight"), qkvb: at(p + "attn.qkv.bias"),
                                projw: at(p + "attn.proj.weight"), projb: at(p + "attn.proj.bias"),
                                norm2w: at(p + "norm2.weight"), norm2b: at(p + "norm2.bias"),
                                fc1w: at(p + "mlp.fc1.weight"), fc1b: at(p + "mlp.fc1.bias"),
                                fc2w: at(p + "mlp.fc2.weight"), fc2b: at(p + "mlp.fc2.bias"))
        }
        generator = SeededGenerator(seed: seed, stream: 0x5EED)
        var initGenerator = SeededGenerator(seed: seed)
        set.initialise { spec in
            if spec.name == "cls_token" {
                return (0..<spec.count).map { _ in Float(initGenerator.gaussian() * 1e-6) }
            }
            if spec.name.hasSuffix("norm1.weight") || spec.name.hasSuffix("norm2.weight") || spec.name == "norm.weight" {
                return [Float](repeating: 1, count: spec.count)
            }
            if spec.name.hasSuffix(".bias") { return [Float](repeating: 0, count: spec.count) }
            return Initialiser.truncatedNormal(count: spec.count, std: 0.02, generator: &initGenerator)
        }
    }

    // MARK: Planning

    /// The batch size activations are planned for (0 before the first plan).
    public var plannedBatchSize: Int { plan?.batch ?? 0 }

    /// Lays out every activation and gradient for batches of up to `batchSize` (done once; a later
    /// call with a size not above the planned one keeps the plan).
    public func plan(batchSize: Int) {
        if let plan, plan.batch >= batchSize { return }
        let cfg = configuration
        let b = max(1, batchSize), t = cfg.tokenCount, c = cfg.embedDim, h = cfg.heads, f = cfg.hiddenDim
        let n = cfg.segmentCount, s = cfg.effectiveSegmentLength
        let arena = Arena()
        let drop = cfg.dropout > 0, attDrop = cfg.attentionDropout > 0, path = cfg.dropPathRate > 0
        let blocks = (0..<cfg.depth).map { l in
            let r = b * Self.rowsPerSample(layer: l, depth: cfg.depth, tokens: t)
            return BlockActivations(
                ln1: arena.tensor([b, t, c]), ln1Mean: arena.tensor([b, t]), ln1Rstd: arena.tensor([b, t]),
                qkv: arena.tensor([b, t, 3 * c]), att: arena.tensor([b, h, t, t]), attY: arena.tensor([b, t, c]),
                proj: arena.tensor([r, c]), res2: arena.tensor([r, c]),
                ln2: arena.tensor([r, c]), ln2Mean: arena.tensor([r]), ln2Rstd: arena.tensor([r]),
                fc1: arena.tensor([r, f]), gelu: arena.tensor([r, f]), fc2: arena.tensor([r, c]),
                res3: arena.tensor([r, c]),
                attMask: attDrop ? arena.tensor([b, h, t, t]) : nil, attDropped: attDrop ? arena.tensor([b, h, t, t]) : nil,
                projMask: drop ? arena.tensor([r, c]) : nil, geluMask: drop ? arena.tensor([r, f]) : nil,
                fc2Mask: drop ? arena.tensor([r, c]) : nil,
                pathScale1: path ? arena.tensor([b]) : nil, pathScale2: path ? arena.tensor([b]) : nil)
        }
        plan = Plan(
            batch: b, segments: arena.tensor([b, n, s]), patch: arena.tensor([b, n, c]), x0: arena.tensor([b, t, c]),
            x0Mask: drop ? arena.tensor([b, t, c]) : nil, blocks: blocks,
            clsAttY: arena.tensor([b, c]), normMean: arena.tensor([b]), normRstd: arena.tensor([b]),
            features: arena.tensor([b, c]),
            dfeatures: arena.tensor([b, c]), dtail: arena.tensor([b, c]), dresidual: arena.tensor([b, t, c]),
            dbranch: arena.tensor([b, t, c]), dattnBranch: arena.tensor([b, t, c]), dln: arena.tensor([b, t, c]), dqkv: arena.tensor([b, t, 3 * c]),
            dattY: arena.tensor([b, t, c]), attScratch: arena.tensor([b, h, t, t]), dgelu: arena.tensor([b, t, f]),
            dpatch: arena.tensor([b, n, c]),
            rowSums: arena.tensor([(b + Self.samplesPerGroup(tokens: t) - 1) / Self.samplesPerGroup(tokens: t),
                                        Self.partialWidth(channels: c, hidden: f)]),
            arena: arena)
    }

    /// Samples per work item when a block runs group by group: about 320 rows (tokens), 8 samples
    /// at paper scale, so a batch of 64 makes 8 groups, 4 per worker. OpenBLAS packs the weight
    /// matrix again in every call, so each group re-packs all four weights of a block: groups of
    /// ~160 rows (the earlier choice) spent more in packing than they gained in cache. Measured at
    /// paper scale, training, loaded machine, median CPU ms per step of 5 alternating runs: 341 vs
    /// 351 with 1 thread, 353 vs 377 with 2 (320 vs 160 rows).
    static func samplesPerGroup(tokens t: Int) -> Int { max(1, 320 / t) }

    /// Rows per sample of block `layer` from its attention's output on: all T tokens, except in the
    /// last block. The encoder's output is the CLS token after the final LayerNorm, and after
    /// attention rows never mix again, so the last block's proj, residual, LayerNorm and MLP (and
    /// their backward) need only the CLS row of each sample: ~3/4 of that block's matrix products
    /// (proj and MLP) on B rows instead of B·T, and its attention backward for one query row
    /// (`Attention.backwardFirstToken`). Its attention itself still runs on all tokens (keys and
    /// values of every token reach CLS; insight reads all of its weights).
    static func rowsPerSample(layer: Int, depth: Int, tokens t: Int) -> Int { layer == depth - 1 ? 1 : t }

    /// Floats per group in `rowSums`: Σ over the group's rows of the gradients of norm2 weight and
    /// bias, norm1 weight and bias, fc2, proj, qkv and fc1 biases, at offsets 0, C, 2C, 3C, 4C, 5C, 6C, 9C.
    static func partialWidth(channels c: Int, hidden f: Int) -> Int { 9 * c + f }

    /// Float32 elements held by the activation plan (activations, their gradients and scratch).
    public var plannedActivationCount: Int { plan?.arena.totalCount ?? 0 }

    // MARK: Forward

    /// Runs the encoder on `input` (batch × inputLength, row-major) and returns the CLS embedding
    /// (batch × embedDim) after the final LayerNorm, valid until the next forward. `training`
    /// enables dropout and drop path. A NaN or infinity in the input is a `ModelError`.
    @discardableResult
    public func forwardFeatures(_ input: UnsafePointer<Float>, batch b: Int, training: Bool = false) throws -> Tensor {
        let cfg = configuration
        guard b > 0 else { throw ModelError(reason: "batch must hold at least one spectrum") }
        let total = b * cfg.inputLength
        for i in 0..<total where !input[i].isFinite {
            throw ModelError(reason: "spectrum \(i / cfg.inputLength) of the batch has a non-finite value at point \(i % cfg.inputLength)")
        }
        plan(batchSize: b)
        guard let p = plan else { throw ModelError(reason: "no activation plan for batch \(b)") }
        let t = cfg.tokenCount, c = cfg.embedDim, h = cfg.heads, f = cfg.hiddenDim
        let n = cfg.segmentCount, s = cfg.effectiveSegmentLength
        let bt = b * t
        let w = parameters
        // Segments (trailing points dropped).
        for bi in 0..<b { (p.segments.data + bi * n * s).update(from: input + bi * cfg.inputLength, count: n * s) }
        let tokens: UnsafeMutablePointer<Float>
        if let pw = patchWeightIndex, let pb = patchBiasIndex {
            Linear.forward(out: p.patch.data, inp: p.segments.data, weight: w.tensor(pw).data, bias: w.tensor(pb).data,
                           rows: b * n, inChannels: s, outChannels: c)
            tokens = p.patch.data
        } else {
            tokens = p.segments.data
        }
        let cls = w.tensor(clsIndex).data, pos = w.tensor(posIndex).data
        for bi in 0..<b {
            let x = p.x0.data + bi * t * c
            for i in 0..<c { x[i] = cls[i] + pos[i] }
            for ti in 0..<n {
                let dst = x + (ti + 1) * c, src = tokens + (bi * n + ti) * c, pe = pos + (ti + 1) * c
                for i in 0..<c { dst[i] = src[i] + pe[i] }
            }
        }
        let dropRate = Float(cfg.dropout)
        if training, let mask = p.x0Mask {
            Dropout.makeMask(mask.data, count: bt * c, rate: dropRate, generator: &generator)
            Dropout.forward(out: p.x0.data, inp: p.x0.data, mask: mask.data, count: bt * c)
        }
        let group = Self.samplesPerGroup(tokens: t), groups = (b + group - 1) / group
        func pathRate(_ l: Int) -> Float {
            cfg.depth > 1 ? Float(cfg.dropPathRate) * Float(l) / Float(cfg.depth - 1) : Float(cfg.dropPathRate)
        }
        // All randomness first, block by block in the order of the layers.
        for (l, a) in p.blocks.enumerated() {
            let dropPath = training && pathRate(l) > 0
            let rows = b * Self.rowsPerSample(layer: l, depth: cfg.depth, tokens: t)
            if training, let m = a.attMask {
                Dropout.makeMask(m.data, count: b * h * t * t, rate: Float(cfg.attentionDropout), generator: &generator)
            }
            if training, let m = a.projMask { Dropout.makeMask(m.data, count: rows * c, rate: dropRate, generator: &generator) }
            if let sc = a.pathScale1 {
                if dropPath { DropPath.makeScale(sc.data, batch: b, rate: pathRate(l), generator: &generator) } else { sc.data.update(repeating: 1, count: b) }
            }
            if training, let m = a.geluMask { Dropout.makeMask(m.data, count: rows * f, rate: dropRate, generator: &generator) }
            if training, let m = a.fc2Mask { Dropout.makeMask(m.data, count: rows * c, rate: dropRate, generator: &generator) }
            if let sc = a.pathScale2 {
                if dropPath { DropPath.makeScale(sc.data, batch: b, rate: pathRate(l), generator: &generator) } else { sc.data.update(repeating: 1, count: b) }
            }
        }
        // Samples never meet before the final LayerNorm, so a group of samples goes through the
        // whole encoder in one task: its rows stay in cache from layer to layer, and the groups are
        // shared out over the workers with no wait between blocks.
        ComputeThreads.forEachTask(groups) { g in
            let s0 = g * group, ns = min(group, b - s0), r0 = s0 * t, nr = ns * t
            let attOffset = s0 * h * t * t
            var xr = UnsafePointer(p.x0.data + r0 * c)
            for l in 0..<cfg.depth {
                let ix = blockIndices[l], a = p.blocks[l]
                let dropPath = training && pathRate(l) > 0
                let ln1 = a.ln1.data + r0 * c, qkv = a.qkv.data + r0 * 3 * c, attY = a.attY.data + r0 * c
                LayerNorm.forward(out: ln1, mean: a.ln1Mean.data + r0, rstd: a.ln1Rstd.data + r0, inp: xr,
                                  weight: w.tensor(ix.norm1w).data, bias: w.tensor(ix.norm1b).data, rows: nr, channels: c)
                Linear.forward(out: qkv, inp: ln1, weight: w.tensor(ix.qkvw).data, bias: w.tensor(ix.qkvb).data,
                               rows: nr, inChannels: c, outChannels: 3 * c)
                let attMask = training ? a.attMask.map { UnsafePointer($0.data + attOffset) } : nil
                Attention.forward(out: attY, att: a.att.data + attOffset, qkv: qkv, batch: ns, tokens: t, channels: c, heads: h,
                                  dropoutMask: attMask, attDropped: a.attDropped.map { $0.data + attOffset })
                // The rest of the block on rps rows per sample (all tokens, or CLS in the last block).
                let rps = Self.rowsPerSample(layer: l, depth: cfg.depth, tokens: t), r = s0 * rps, m = ns * rps
                var projIn = UnsafePointer(attY)
                if rps == 1 {
                    let cls = p.clsAttY.data + s0 * c
                    for i in 0..<ns { (cls + i * c).update(from: attY + i * t * c, count: c) }
                    projIn = UnsafePointer(cls)
                }
                let proj = a.proj.data + r * c, res2 = a.res2.data + r * c, ln2 = a.ln2.data + r * c
                let fc1 = a.fc1.data + r * f, gelu = a.gelu.data + r * f, fc2 = a.fc2.data + r * c, res3 = a.res3.data + r * c
                Linear.forward(out: proj, inp: projIn, weight: w.tensor(ix.projw).data, bias: w.tensor(ix.projb).data,
                               rows: m, inChannels: c, outChannels: c)
                if training, let mask = a.projMask { Dropout.forward(out: proj, inp: proj, mask: mask.data + r * c, count: m * c) }
                if dropPath, let sc = a.pathScale1 {
                    DropPath.forward(out: proj, inp: proj, scale: sc.data + s0, batch: ns, perSample: rps * c)
                }
                for i in 0..<ns {
                    Residual.forward(out: res2 + i * rps * c, a: xr + i * t * c, b: proj + i * rps * c, count: rps * c)
                }
                LayerNorm.forward(out: ln2, mean: a.ln2Mean.data + r, rstd: a.ln2Rstd.data + r, inp: res2,
                                  weight: w.tensor(ix.norm2w).data, bias: w.tensor(ix.norm2b).data, rows: m, channels: c)
                Linear.forward(out: fc1, inp: ln2, weight: w.tensor(ix.fc1w).data, bias: w.tensor(ix.fc1b).data,
                               rows: m, inChannels: c, outChannels: f)
                if training {
                    // fc1 is only needed for gelu′ in backward, so it is overwritten with gelu′.
                    GELU.forward(out: gelu, derivative: fc1, inp: fc1, count: m * f)
                } else {
                    GELU.forward(out: gelu, inp: fc1, count: m * f)
                }
                if training, let mask = a.geluMask { Dropout.forward(out: gelu, inp: gelu, mask: mask.data + r * f, count: m * f) }
                Linear.forward(out: fc2, inp: gelu, weight: w.tensor(ix.fc2w).data, bias: w.tensor(ix.fc2b).data,
                               rows: m, inChannels: f, outChannels: c)
                if training, let mask = a.fc2Mask { Dropout.forward(out: fc2, inp: fc2, mask: mask.data + r * c, count: m * c) }
                if dropPath, let sc = a.pathScale2 {
                    DropPath.forward(out: fc2, inp: fc2, scale: sc.data + s0, batch: ns, perSample: rps * c)
                }
                Residual.forward(out: res3, a: res2, b: fc2, count: m * c)
                xr = UnsafePointer(res3)
            }
        }
        // The final LayerNorm on the CLS rows, which the last block kept (B rows): the features.
        let x = p.blocks[cfg.depth - 1].res3.data
        LayerNorm.forward(out: p.features.data, mean: p.normMean.data, rstd: p.normRstd.data, inp: x,
                          weight: w.tensor(normWeightIndex).data, bias: w.tensor(normBiasIndex).data, rows: b, channels: c)
        lastBatch = b
        lastTraining = training
        return Tensor(shape: [b, c], data: p.features.data)
    }

    private var lastBatch = 0
    private var lastTraining = false

    /// The gradient buffer (batch × embedDim) heads add ∂L/∂features into; zeroed by `zeroFeatureGradient()`.
    public var featureGradient: Tensor? { plan.map { Tensor(shape: [lastBatch, configuration.embedDim], data: $0.dfeatures.data) } }

    /// Clears the feature gradient before heads accumulate into it.
    public func zeroFeatureGradient() {
        guard let p = plan else { return }
        p.dfeatures.data.update(repeating: 0, count: lastBatch * configuration.embedDim)
    }

    // MARK: Backward

    /// Back-propagates `featureGradient` through the encoder of the last forward, adding into
    /// `parameters.gradients`.
    public func backward() {
        guard let p = plan, lastBatch > 0 else { return }
        let cfg = configuration
        let b = lastBatch, t = cfg.tokenCount, c = cfg.embedDim, h = cfg.heads, f = cfg.hiddenDim
        let n = cfg.segmentCount, s = cfg.effectiveSegmentLength
        let bt = b * t
        let w = parameters
        let training = lastTraining
        // The final LayerNorm of the CLS rows: dtail = ∂L/∂(the last block's output rows, B × C).
        let dtail = p.dtail.data, dres = p.dresidual.data
        dtail.update(repeating: 0, count: b * c)
        let lastOut = p.blocks.last?.res3.data ?? p.x0.data
        LayerNorm.backward(dinp: dtail, dweight: w.gradient(normWeightIndex).data, dbias: w.gradient(normBiasIndex).data,
                           dout: p.dfeatures.data, inp: lastOut, weight: w.tensor(normWeightIndex).data,
                           mean: p.normMean.data, rstd: p.normRstd.data, rows: b, channels: c)
        let group = Self.samplesPerGroup(tokens: t), groups = (b + group - 1) / group
        let partials = p.rowSums.data, dmlpAll = p.dbranch.data, dattnAll = p.dattnBranch.data
        for l in stride(from: cfg.depth - 1, through: 0, by: -1) {
            let a = p.blocks[l], ix = blockIndices[l]
            let x = l == 0 ? p.x0.data : p.blocks[l - 1].res3.data
            let norm1w = w.tensor(ix.norm1w).data, qkvw = w.tensor(ix.qkvw).data, projw = w.tensor(ix.projw).data
            let norm2w = w.tensor(ix.norm2w).data, fc1w = w.tensor(ix.fc1w).data, fc2w = w.tensor(ix.fc2w).data
            let useAttMask = training && a.attMask != nil
            let width = Self.partialWidth(channels: c, hidden: f)
            // Rows per sample from the attention output on (CLS only in the last block; see rowsPerSample).
            let rps = Self.rowsPerSample(layer: l, depth: cfg.depth, tokens: t)
            partials.update(repeating: 0, count: groups * width)
            // Row-local work for a group of samples at a time (as in forward); each group adds its
            // sums over rows (LayerNorm weights, biases) into its own slot of `partials`.
            ComputeThreads.forEachTask(groups) { g in
                let s0 = g * group, ns = min(group, b - s0), r0 = s0 * t, nr = ns * t, r = s0 * rps, m = ns * rps
                let part = partials + g * width
                // dr: ∂L/∂(the block's output rows); in the last block the CLS rows in dtail.
                let dr = rps == 1 ? dtail + r * c : dres + r0 * c
                // Scratch rows of the group (dln, dattY) start at r0 whatever the rows per sample, so
                // that groups never share them; dgelu, dmlp and dattn start at r, kept for the weight gradients.
                let dgelu = p.dgelu.data + r * f, dln = p.dln.data + r0 * c
                let dattY = p.dattY.data + r0 * c, dqkv = p.dqkv.data + r0 * 3 * c
                let attOffset = s0 * h * t * t
                // MLP branch: dr is ∂L/∂res3; dmlp (kept for fc2's weight gradient) is the branch's share.
                let dmlp = dmlpAll + r * c
                dmlp.update(from: dr, count: m * c)
                if training, let mask = a.fc2Mask { Dropout.backward(dinp: dmlp, dout: dmlp, mask: mask.data + r * c, count: m * c) }
                if training, let sc = a.pathScale2 {
                    DropPath.backward(dinp: dmlp, dout: dmlp, scale: sc.data + s0, batch: ns, perSample: rps * c)
                }
                Linear.backwardBias(dbias: part + 4 * c, dout: dmlp, rows: m, outChannels: c)
                Linear.backwardInput(dinp: dgelu, dout: dmlp, weight: fc2w, rows: m, inChannels: f, outChannels: c)
                if training, let mask = a.geluMask { Dropout.backward(dinp: dgelu, dout: dgelu, mask: mask.data + r * f, count: m * f) }
                if training {
                    GELU.backward(dinp: dgelu, dbias: part + 9 * c, derivative: a.fc1.data + r * f, dout: dgelu, rows: m, channels: f)
                } else {
                    GELU.backward(dinp: dgelu, inp: a.fc1.data + r * f, dout: dgelu, count: m * f)
                    Linear.backwardBias(dbias: part + 9 * c, dout: dgelu, rows: m, outChannels: f)
                }
                Linear.backwardInput(dinp: dln, dout: dgelu, weight: fc1w, rows: m, inChannels: c, outChannels: f)
                LayerNorm.backward(dinp: dr, dweight: part, dbias: part + c, dout: dln, inp: a.res2.data + r * c,
                                   weight: norm2w, mean: a.ln2Mean.data + r, rstd: a.ln2Rstd.data + r, rows: m, channels: c)
                // Attention branch: dr is now ∂L/∂res2.
                let dattn = dattnAll + r * c
                dattn.update(from: dr, count: m * c)
                if training, let mask = a.projMask { Dropout.backward(dinp: dattn, dout: dattn, mask: mask.data + r * c, count: m * c) }
                if training, let sc = a.pathScale1 {
                    DropPath.backward(dinp: dattn, dout: dattn, scale: sc.data + s0, batch: ns, perSample: rps * c)
                }
                Linear.backwardBias(dbias: part + 5 * c, dout: dattn, rows: m, outChannels: c)
                Linear.backwardInput(dinp: dattY, dout: dattn, weight: projw, rows: m, inChannels: c, outChannels: c)
                let attMask = useAttMask ? a.attMask.map { UnsafePointer($0.data + attOffset) } : nil
                let attDropped = useAttMask ? a.attDropped.map { UnsafePointer($0.data + attOffset) } : nil
                if rps == 1 {
                    Attention.backwardFirstToken(dqkv: dqkv, scratch: p.attScratch.data + attOffset, dout: dattY,
                                                 qkv: a.qkv.data + r0 * 3 * c, att: a.att.data + attOffset, batch: ns, tokens: t,
                                                 channels: c, heads: h, dropoutMask: attMask, attDropped: attDropped)
                    // ∂L/∂res2 of all the group's rows: the CLS rows' from dr, 0 elsewhere.
                    let dx = dres + r0 * c
                    dx.update(repeating: 0, count: nr * c)
                    for i in 0..<ns { (dx + i * t * c).update(from: dr + i * c, count: c) }
                } else {
                    Attention.backward(dqkv: dqkv, scratch: p.attScratch.data + attOffset, dout: dattY, qkv: a.qkv.data + r0 * 3 * c,
                                       att: a.att.data + attOffset, batch: ns, tokens: t, channels: c, heads: h,
                                       dropoutMask: attMask, attDropped: attDropped)
                }
                Linear.backwardBias(dbias: part + 6 * c, dout: dqkv, rows: nr, outChannels: 3 * c)
                Linear.backwardInput(dinp: dln, dout: dqkv, weight: qkvw, rows: nr, inChannels: c, outChannels: 3 * c)
                LayerNorm.backward(dinp: dres + r0 * c, dweight: part + 2 * c, dbias: part + 3 * c, dout: dln, inp: x + r0 * c,
                                   weight: norm1w, mean: a.ln1Mean.data + r0, rstd: a.ln1Rstd.data + r0, rows: nr, channels: c)
            }
            // Sums over all rows: the products' weight gradients, then the groups' partial sums in
            // group order (so the result does not depend on which worker ran which group).
            let rows = b * rps, projIn = rps == 1 ? p.clsAttY.data : a.attY.data
            withUnsafeTemporaryAllocation(of: Linear.WeightGradient.self, capacity: 4) { products in
                products.initializeElement(at: 0, to: .init(dweight: w.gradient(ix.fc2w).data, dout: dmlpAll, inp: a.gelu.data,
                                                            rows: rows, inChannels: f, outChannels: c))
                products.initializeElement(at: 1, to: .init(dweight: w.gradient(ix.fc1w).data, dout: p.dgelu.data, inp: a.ln2.data,
                                                            rows: rows, inChannels: c, outChannels: f))
                products.initializeElement(at: 2, to: .init(dweight: w.gradient(ix.projw).data, dout: dattnAll, inp: projIn,
                                                            rows: rows, inChannels: c, outChannels: c))
                products.initializeElement(at: 3, to: .init(dweight: w.gradient(ix.qkvw).data, dout: p.dqkv.data, inp: a.ln1.data,
                                                            rows: bt, inChannels: c, outChannels: 3 * c))
                Linear.backwardWeights(UnsafeBufferPointer(products))
            }
            func addPartials(_ gradient: Int, offset: Int, count: Int) {
                let dst = w.gradient(gradient).data
                for g in 0..<groups {
                    let part = partials + g * width + offset
                    for i in 0..<count { dst[i] += part[i] }
                }
            }
            addPartials(ix.norm2w, offset: 0, count: c)
            addPartials(ix.norm2b, offset: c, count: c)
            addPartials(ix.norm1w, offset: 2 * c, count: c)
            addPartials(ix.norm1b, offset: 3 * c, count: c)
            addPartials(ix.fc2b, offset: 4 * c, count: c)
            addPartials(ix.projb, offset: 5 * c, count: c)
            addPartials(ix.qkvb, offset: 6 * c, count: 3 * c)
            addPartials(ix.fc1b, offset: 9 * c, count: f)
        }
        // Embedding: dres is ∂L/∂x0.
        if training, let m = p.x0Mask { Dropout.backward(dinp: dres, dout: dres, mask: m.data, count: bt * c) }
        let dcls = w.gradient(clsIndex).data, dpos = w.gradient(posIndex).data
        for bi in 0..<b {
            let d = dres + bi * t * c
            for i in 0..<c { dcls[i] += d[i] }
            for i in 0..<(t * c) { dpos[i] += d[i] }
            (p.dpatch.data + bi * n * c).update(from: d + c, count: n * c)
        }
        if let pw = patchWeightIndex, let pb = patchBiasIndex {
            Linear.backward(dinp: nil, dweight: w.gradient(pw).data, dbias: w.gradient(pb).data, dout: p.dpatch.data,
                            inp: p.segments.data, weight: w.tensor(pw).data, rows: b * n, inChannels: s, outChannels: c)
        }
    }

    // MARK: Insight

    /// Attention weights of the last forward: layer → (batch, heads, T, T) row-major, T = tokenCount
    /// (token 0 is CLS), before attention dropout.
    public func attentionWeights(layer: Int) -> [Float]? {
        guard let p = plan, layer >= 0, layer < p.blocks.count, lastBatch > 0 else { return nil }
        let t = configuration.tokenCount
        return Array(UnsafeBufferPointer(start: p.blocks[layer].att.data, count: lastBatch * configuration.heads * t * t))
    }

    /// CLS embeddings of the last forward (batch × embedDim), e.g. for t-SNE.
    public func clsEmbeddings() -> [Float]? {
        guard let p = plan, lastBatch > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: p.features.data, count: lastBatch * configuration.embedDim))
    }

    // MARK: Cost

    /// Floating-point operations (2 per multiply-add) of one forward pass over `batch` spectra,
    /// counting only the matrix products (the patch projection, qkv, proj, MLP and attention).
    public func forwardFLOPs(batch b: Int) -> Double {
        let cfg = configuration
        let t = Double(cfg.tokenCount), c = Double(cfg.embedDim), f = Double(cfg.hiddenDim)
        let n = Double(cfg.segmentCount), s = Double(cfg.effectiveSegmentLength), bd = Double(b)
        var macs = 0.0
        if cfg.embedding == .linear { macs += bd * n * s * c }
        let perBlock = bd * t * (3 * c * c + c * c + 2 * c * f) + bd * 2 * t * t * c
        macs += Double(cfg.depth) * perBlock
        return 2 * macs
    }

    // MARK: ParameterStore

    public var namedParameters: [(name: String, shape: [Int])] { parameters.namedParameters }
    public func exportParameters() -> NamedTensors { parameters.exportParameters() }
    public func importParameters(_ tensors: NamedTensors) throws { try parameters.importParameters(tensors) }
}
