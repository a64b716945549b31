// Element-wise loops of SpectraNN's kernels that need 256-bit vectors and fused multiply-add to
// keep up with the matrix products: GELU (erf form) and the softmax of attention rows. Each
// function picks an AVX2+FMA body at run time when the CPU has it and a portable one otherwise;
// both evaluate the same polynomials (Eigen's fast erf, Cephes' expf).
//
// Why C: Swift compiles for baseline x86-64 (SSE2, no FMA) and has no per-function target
// attribute, and these loops were ~10 % of a paper-scale forward pass on 4-wide SSE (perf).
#ifndef SPECTRA_CVECTORMATH_H
#define SPECTRA_CVECTORMATH_H

#include <stddef.h>

/// out[i] = gelu(inp[i]) = 0.5·x·(1 + erf(x/√2)); out may alias inp.
void spectra_gelu_forward(float *out, const float *inp, ptrdiff_t n);

/// out[i] = gelu(inp[i]) and derivative[i] = gelu′(inp[i]) = Φ(x) + x·φ(x); derivative may alias inp.
void spectra_gelu_forward_derivative(float *out, float *derivative, const float *inp, ptrdiff_t n);

/// dinp[i] = dout[i] · gelu′(inp[i]); dinp may alias dout.
void spectra_gelu_backward(float *dinp, const float *inp, const float *dout, ptrdiff_t n);

/// Each of `rows` rows of `cols` floats (cols ≥ 1) replaced by its softmax, computed as
/// exp(x − max) / Σ exp(x − max).
void spectra_softmax_rows(float *a, ptrdiff_t rows, ptrdiff_t cols);

/// Scaled dot-product attention of one (sample, head), fused: att (t × t, contiguous) = softmax(q·kᵀ·scale)
/// and out (t × hs, row stride ldo) = att′ · v, where q, k, v are t × hs with row stride ldq and att′ is
/// att, or att ⊙ mask (t × t) stored into `dropped` when mask is not null. Returns 0 without touching
/// anything when it cannot run here (no AVX2 + FMA, or t and hs too large for its 48 KB of stack
/// tiles); the caller then uses the matrix-product path.
int spectra_attention_forward(float *out, ptrdiff_t ldo, float *att, const float *q, const float *k, const float *v,
                              ptrdiff_t ldq, const float *mask, float *dropped, ptrdiff_t t, ptrdiff_t hs, float scale);

/// The backward of `spectra_attention_forward` given dy (t × hs, row stride ldy): dq, dk, dv (t × hs,
/// row stride ldq) are overwritten. att is forward's softmax, mask and dropped what it used (or null).
/// Returns 0, touching nothing, in the same cases as the forward.
int spectra_attention_backward(float *dq, float *dk, float *dv, ptrdiff_t ldq, const float *dy, ptrdiff_t ldy,
                               const float *q, const float *k, const float *v, const float *att,
                               const float *mask, const float *dropped, ptrdiff_t t, ptrdiff_t hs, float scale);

/// One Adam step on n parameters, as SpectraNN's `Adam.update`: with `decoupled` (AdamW)
/// w −= lr·wd·mask·w, else grad += wd·mask·w; m = β1·m + (1−β1)·grad; v = β2·v + (1−β2)·grad²;
/// w −= lr·(m/c1) / (√(v/c2) + ε), where c1, c2 are the bias corrections 1 − βᵗ.
void spectra_adam_update(float *w, const float *g, float *m, float *v, const float *mask, ptrdiff_t n,
                         float lr, float beta1, float beta2, float epsilon, float weightDecay, int decoupled,
                         float correction1, float correction2);

#endif
