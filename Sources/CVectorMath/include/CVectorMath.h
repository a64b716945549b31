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

#endif
