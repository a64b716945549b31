#include "CVectorMath.h"

#include <math.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SPECTRA_X86 1
#include <immintrin.h>
#endif

// MARK: - Portable bodies
// erf: Eigen's generic_fast_erf_float, a rational polynomial on x clamped to [−4, 4] (max abs error
// 6.5e-8 against math.erf in Double on 100 001 points in [−6, 6]). exp: Cephes' expf, x = n·ln2 + r,
// a degree-6 polynomial in r scaled by 2ⁿ through the exponent bits (relative error ≈ 1e-7 on [−87, 88]).

static inline float erf_scalar(float input) {
    float x = input < -4.0f ? -4.0f : (input > 4.0f ? 4.0f : input);
    float x2 = x * x;
    float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
    p = p * x2 + -2.10102402082508e-06f;
    p = p * x2 + -5.69250639462346e-05f;
    p = p * x2 + -7.34990630326855e-04f;
    p = p * x2 + -2.95459980854025e-03f;
    p = p * x2 + -1.60960333262415e-02f;
    float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
    q = q * x2 + -1.68282697438203e-03f;
    q = q * x2 + -7.37332916720468e-03f;
    q = q * x2 + -1.42647390514189e-02f;
    return x * p / q;
}

static inline float exp_scalar(float input) {
    float x = input < -87.0f ? -87.0f : (input > 88.0f ? 88.0f : input);
    float shifted = x * 1.44269504088896341f + 12582912.0f;  // rounds n into the low mantissa bits
    float n = shifted - 12582912.0f;
    float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float y = r * 1.9875691500e-4f + 1.3981999507e-3f;
    y = y * r + 8.3334519073e-3f;
    y = y * r + 4.1665795894e-2f;
    y = y * r + 1.6666665459e-1f;
    y = y * r + 5.0000001201e-1f;
    y = y * r * r + r + 1.0f;
    union { float f; int i; } bits = {shifted}, scale;
    scale.i = (bits.i - 0x4B400000 + 127) << 23;
    return y * scale.f;
}

static const float inv_sqrt2 = 0.70710678118654752f, inv_sqrt2pi = 0.39894228040143268f;

static void gelu_forward_portable(float *out, const float *inp, ptrdiff_t lo, ptrdiff_t n) {
    for (ptrdiff_t i = lo; i < n; i++) {
        float x = inp[i];
        out[i] = x * (0.5f * (1.0f + erf_scalar(x * inv_sqrt2)));  // rounded as the training form
    }
}

static void gelu_forward_derivative_portable(float *out, float *derivative, const float *inp, ptrdiff_t lo, ptrdiff_t n) {
    for (ptrdiff_t i = lo; i < n; i++) {
        float x = inp[i];
        float cdf = 0.5f * (1.0f + erf_scalar(x * inv_sqrt2));
        float pdf = exp_scalar(-0.5f * x * x) * inv_sqrt2pi;
        out[i] = x * cdf;
        derivative[i] = cdf + x * pdf;
    }
}

static void gelu_backward_portable(float *dinp, const float *inp, const float *dout, ptrdiff_t lo, ptrdiff_t n) {
    for (ptrdiff_t i = lo; i < n; i++) {
        float x = inp[i];
        float cdf = 0.5f * (1.0f + erf_scalar(x * inv_sqrt2));
        float pdf = exp_scalar(-0.5f * x * x) * inv_sqrt2pi;
        dinp[i] = dout[i] * (cdf + x * pdf);
    }
}

static void softmax_row_portable(float *a, ptrdiff_t cols) {
    float m = a[0];
    for (ptrdiff_t j = 1; j < cols; j++) m = a[j] > m ? a[j] : m;
    float sum = 0;
    for (ptrdiff_t j = 0; j < cols; j++) { a[j] = exp_scalar(a[j] - m); sum += a[j]; }
    float inv = 1.0f / sum;
    for (ptrdiff_t j = 0; j < cols; j++) a[j] *= inv;
}

// MARK: - AVX2 + FMA bodies, 8 floats at a time (tails go to the portable code)

#ifdef SPECTRA_X86
#define AVX2 __attribute__((target("avx2,fma")))

AVX2 static inline __m256 erf8(__m256 input) {
    __m256 x = _mm256_min_ps(_mm256_max_ps(input, _mm256_set1_ps(-4.0f)), _mm256_set1_ps(4.0f));
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 p = _mm256_fmadd_ps(x2, _mm256_set1_ps(-2.72614225801306e-10f), _mm256_set1_ps(2.77068142495902e-08f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-2.10102402082508e-06f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-5.69250639462346e-05f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-7.34990630326855e-04f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-2.95459980854025e-03f));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-1.60960333262415e-02f));
    __m256 q = _mm256_fmadd_ps(x2, _mm256_set1_ps(-1.45660718464996e-05f), _mm256_set1_ps(-2.13374055278905e-04f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-1.68282697438203e-03f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-7.37332916720468e-03f));
    q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(-1.42647390514189e-02f));
    return _mm256_div_ps(_mm256_mul_ps(x, p), q);
}

AVX2 static inline __m256 exp8(__m256 input) {
    __m256 x = _mm256_min_ps(_mm256_max_ps(input, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(88.0f));
    __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 shifted = _mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), magic);
    __m256 n = _mm256_sub_ps(shifted, magic);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), r);
    __m256 y = _mm256_fmadd_ps(r, _mm256_set1_ps(1.9875691500e-4f), _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_fmadd_ps(_mm256_mul_ps(y, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    __m256i e = _mm256_add_epi32(_mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000)),
                                 _mm256_set1_epi32(127));
    return _mm256_mul_ps(y, _mm256_castsi256_ps(_mm256_slli_epi32(e, 23)));
}

AVX2 static ptrdiff_t gelu_forward_avx2(float *out, const float *inp, ptrdiff_t n) {
    const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.0f), s = _mm256_set1_ps(inv_sqrt2);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(inp + i);
        __m256 cdf = _mm256_mul_ps(half, _mm256_add_ps(one, erf8(_mm256_mul_ps(x, s))));
        _mm256_storeu_ps(out + i, _mm256_mul_ps(x, cdf));
    }
    return i;
}

AVX2 static ptrdiff_t gelu_forward_derivative_avx2(float *out, float *derivative, const float *inp, ptrdiff_t n) {
    const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.0f), s = _mm256_set1_ps(inv_sqrt2);
    const __m256 minusHalf = _mm256_set1_ps(-0.5f), c = _mm256_set1_ps(inv_sqrt2pi);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(inp + i);
        __m256 cdf = _mm256_mul_ps(half, _mm256_add_ps(one, erf8(_mm256_mul_ps(x, s))));
        __m256 pdf = _mm256_mul_ps(exp8(_mm256_mul_ps(minusHalf, _mm256_mul_ps(x, x))), c);
        _mm256_storeu_ps(out + i, _mm256_mul_ps(x, cdf));
        _mm256_storeu_ps(derivative + i, _mm256_fmadd_ps(x, pdf, cdf));
    }
    return i;
}

AVX2 static ptrdiff_t gelu_backward_avx2(float *dinp, const float *inp, const float *dout, ptrdiff_t n) {
    const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.0f), s = _mm256_set1_ps(inv_sqrt2);
    const __m256 minusHalf = _mm256_set1_ps(-0.5f), c = _mm256_set1_ps(inv_sqrt2pi);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(inp + i);
        __m256 cdf = _mm256_mul_ps(half, _mm256_add_ps(one, erf8(_mm256_mul_ps(x, s))));
        __m256 pdf = _mm256_mul_ps(exp8(_mm256_mul_ps(minusHalf, _mm256_mul_ps(x, x))), c);
        _mm256_storeu_ps(dinp + i, _mm256_mul_ps(_mm256_loadu_ps(dout + i), _mm256_fmadd_ps(x, pdf, cdf)));
    }
    return i;
}

AVX2 static inline float hmax8(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
}

AVX2 static inline float hsum8(__m256 v) {
    __m128 m = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_add_ps(m, _mm_movehl_ps(m, m));
    m = _mm_add_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
}

AVX2 static void softmax_rows_avx2(float *a, ptrdiff_t rows, ptrdiff_t cols) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *row = a + r * cols;
        ptrdiff_t full = cols & ~(ptrdiff_t)7, j;
        float m = row[0];
        if (full > 0) {
            __m256 mv = _mm256_loadu_ps(row);
            for (j = 8; j < full; j += 8) mv = _mm256_max_ps(mv, _mm256_loadu_ps(row + j));
            m = hmax8(mv);
        }
        for (j = full; j < cols; j++) m = row[j] > m ? row[j] : m;
        __m256 mb = _mm256_set1_ps(m), sv = _mm256_setzero_ps();
        for (j = 0; j < full; j += 8) {
            __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), mb));
            _mm256_storeu_ps(row + j, e);
            sv = _mm256_add_ps(sv, e);
        }
        float sum = hsum8(sv);
        for (j = full; j < cols; j++) { row[j] = exp_scalar(row[j] - m); sum += row[j]; }
        float inv = 1.0f / sum;
        __m256 iv = _mm256_set1_ps(inv);
        for (j = 0; j < full; j += 8) _mm256_storeu_ps(row + j, _mm256_mul_ps(_mm256_loadu_ps(row + j), iv));
        for (j = full; j < cols; j++) row[j] *= inv;
    }
}

// MARK: - Fused attention of one (sample, head), AVX2 + FMA
// The per-head products at paper scale are 38×38×30: six sgemm calls per pair cost more in call
// overhead, packing and zeroing C than in arithmetic. Here q, k, v (and dy) are copied once into
// zero-padded tiles (rows to a multiple of 8, head size to a multiple of 8) on the stack and every
// product runs through one small register-blocked kernel; padded rows and columns are zero, so
// they add nothing and are never written out.

#define ATT_MAX_FLOATS 12288  // stack tiles (48 KB); larger shapes return 0 and go to sgemm
// The optimiser turns the short row copies and zero fills below into calls to memcpy / memset (a
// call per 30-float row: 5 % of a training step in perf). An empty asm that "changes" the vector
// hides where the stored value came from, so the loops stay the vector loops written here.
#define OPAQUE(v) __asm__("" : "+x"(v))

static inline ptrdiff_t round8(ptrdiff_t n) { return (n + 7) & ~(ptrdiff_t)7; }

// C (m × nv·8, row stride ldc) = alpha · A (m × k) · B (k × nv·8, row stride ldb), where
// A(i, p) = a[i·ars + p·aks]; m is a multiple of 4.
AVX2 static void tile_gemm(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t ars, ptrdiff_t aks,
                           const float *b, ptrdiff_t ldb, ptrdiff_t m, ptrdiff_t nv, ptrdiff_t k, float alpha) {
    const __m256 al = _mm256_set1_ps(alpha);
    for (ptrdiff_t i = 0; i < m; i += 4) {
        const float *a0 = a + i * ars;
        ptrdiff_t v = 0;
        for (; v + 2 <= nv; v += 2) {
            __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
            const float *bp = b + v * 8;
            for (ptrdiff_t p = 0; p < k; p++) {
                __m256 b0 = _mm256_loadu_ps(bp + p * ldb), b1 = _mm256_loadu_ps(bp + p * ldb + 8);
                const float *ap = a0 + p * aks;
                __m256 x = _mm256_broadcast_ss(ap);
                c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
                x = _mm256_broadcast_ss(ap + ars);
                c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11);
                x = _mm256_broadcast_ss(ap + 2 * ars);
                c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
                x = _mm256_broadcast_ss(ap + 3 * ars);
                c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31);
            }
            float *cp = c + i * ldc + v * 8;
            _mm256_storeu_ps(cp, _mm256_mul_ps(al, c00)); _mm256_storeu_ps(cp + 8, _mm256_mul_ps(al, c01));
            _mm256_storeu_ps(cp + ldc, _mm256_mul_ps(al, c10)); _mm256_storeu_ps(cp + ldc + 8, _mm256_mul_ps(al, c11));
            _mm256_storeu_ps(cp + 2 * ldc, _mm256_mul_ps(al, c20)); _mm256_storeu_ps(cp + 2 * ldc + 8, _mm256_mul_ps(al, c21));
            _mm256_storeu_ps(cp + 3 * ldc, _mm256_mul_ps(al, c30)); _mm256_storeu_ps(cp + 3 * ldc + 8, _mm256_mul_ps(al, c31));
        }
        if (v < nv) {
            __m256 c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0;
            const float *bp = b + v * 8;
            for (ptrdiff_t p = 0; p < k; p++) {
                __m256 b0 = _mm256_loadu_ps(bp + p * ldb);
                const float *ap = a0 + p * aks;
                c0 = _mm256_fmadd_ps(_mm256_broadcast_ss(ap), b0, c0);
                c1 = _mm256_fmadd_ps(_mm256_broadcast_ss(ap + ars), b0, c1);
                c2 = _mm256_fmadd_ps(_mm256_broadcast_ss(ap + 2 * ars), b0, c2);
                c3 = _mm256_fmadd_ps(_mm256_broadcast_ss(ap + 3 * ars), b0, c3);
            }
            float *cp = c + i * ldc + v * 8;
            _mm256_storeu_ps(cp, _mm256_mul_ps(al, c0));
            _mm256_storeu_ps(cp + ldc, _mm256_mul_ps(al, c1));
            _mm256_storeu_ps(cp + 2 * ldc, _mm256_mul_ps(al, c2));
            _mm256_storeu_ps(cp + 3 * ldc, _mm256_mul_ps(al, c3));
        }
    }
}

// Lanes j + 0 … j + 7 that are below n.
AVX2 static inline __m256i lanes_below(ptrdiff_t n, ptrdiff_t j) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - j)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// dst (rows × ld, ld a multiple of 8) = the first n rows of w floats of src (row stride lds), zero
// elsewhere. Masked loads and stores only for the tail vector (they are slow on AMD cores).
AVX2 static void pack_rows(float *dst, ptrdiff_t ld, ptrdiff_t rows, const float *src, ptrdiff_t lds, ptrdiff_t n, ptrdiff_t w) {
    ptrdiff_t full = w & ~(ptrdiff_t)7;
    __m256i tail = lanes_below(w, full);
    __m256 zero = _mm256_setzero_ps();
    OPAQUE(zero);
    for (ptrdiff_t i = 0; i < rows; i++) {
        float *d = dst + i * ld;
        ptrdiff_t j = 0;
        if (i < n) {
            for (; j < full; j += 8) {
                __m256 x = _mm256_loadu_ps(src + i * lds + j);
                OPAQUE(x);
                _mm256_storeu_ps(d + j, x);
            }
            if (j < w) { _mm256_storeu_ps(d + j, _mm256_maskload_ps(src + i * lds + j, tail)); j += 8; }
        }
        for (; j < ld; j += 8) _mm256_storeu_ps(d + j, zero);
    }
}

// The first n (1 ≤ n ≤ 7) lanes of x into d, by 4-, 2- and 1-float stores (a masked store is slow on
// AMD cores, and a scalar loop here becomes a call to memcpy).
AVX2 static inline void store_first(float *d, __m256 x, ptrdiff_t n) {
    __m128 part = _mm256_castps256_ps128(x);
    if (n >= 4) { _mm_storeu_ps(d, part); part = _mm256_extractf128_ps(x, 1); d += 4; n -= 4; }
    if (n >= 2) { _mm_storel_pi((__m64 *)d, part); part = _mm_movehl_ps(part, part); d += 2; n -= 2; }
    if (n >= 1) _mm_store_ss(d, part);
}

// The first n rows of w floats of src (row stride ld) into dst (row stride ldd).
AVX2 static void unpack_rows(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t ld, ptrdiff_t n, ptrdiff_t w) {
    ptrdiff_t full = w & ~(ptrdiff_t)7;
    for (ptrdiff_t i = 0; i < n; i++) {
        for (ptrdiff_t j = 0; j < full; j += 8) {
            __m256 x = _mm256_loadu_ps(src + i * ld + j);
            OPAQUE(x);
            _mm256_storeu_ps(dst + i * ldd + j, x);
        }
        if (full < w) store_first(dst + i * ldd + full, _mm256_loadu_ps(src + i * ld + full), w - full);
    }
}

// dst (wp × ld, ld a multiple of 8) = transpose of the n × w block of src (row stride lds), zero-padded.
AVX2 static void pack_transposed(float *dst, ptrdiff_t ld, ptrdiff_t wp, const float *src, ptrdiff_t lds, ptrdiff_t n, ptrdiff_t w) {
    __m256 zero = _mm256_setzero_ps();
    OPAQUE(zero);
    for (ptrdiff_t d = 0; d < wp; d++) {
        float *row = dst + d * ld;
        for (ptrdiff_t i = 0; i < ld; i += 8) _mm256_storeu_ps(row + i, zero);
        if (d < w) for (ptrdiff_t i = 0; i < n; i++) row[i] = src[i * lds + d];
    }
}

// Softmax of the first n floats of each of `rows` rows (stride ld, a multiple of 8 and ≥ n); the
// padding lanes come out 0. Same arithmetic as softmax_rows_avx2, tails included.
AVX2 static void softmax_padded_rows(float *a, ptrdiff_t rows, ptrdiff_t n, ptrdiff_t ld) {
    const __m256 minusInf = _mm256_set1_ps(-INFINITY);
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *row = a + r * ld;
        __m256 mv = minusInf;
        for (ptrdiff_t j = 0; j < ld; j += 8)
            mv = _mm256_max_ps(mv, _mm256_blendv_ps(minusInf, _mm256_loadu_ps(row + j), _mm256_castsi256_ps(lanes_below(n, j))));
        __m256 mb = _mm256_set1_ps(hmax8(mv)), sv = _mm256_setzero_ps();
        for (ptrdiff_t j = 0; j < ld; j += 8) {
            __m256 e = _mm256_and_ps(exp8(_mm256_sub_ps(_mm256_loadu_ps(row + j), mb)), _mm256_castsi256_ps(lanes_below(n, j)));
            _mm256_storeu_ps(row + j, e);
            sv = _mm256_add_ps(sv, e);
        }
        __m256 iv = _mm256_set1_ps(1.0f / hsum8(sv));
        for (ptrdiff_t j = 0; j < ld; j += 8) _mm256_storeu_ps(row + j, _mm256_mul_ps(_mm256_loadu_ps(row + j), iv));
    }
}

AVX2 static int attention_forward_avx2(float *out, ptrdiff_t ldo, float *att, const float *q, const float *k,
                                       const float *v, ptrdiff_t ldq, const float *mask, float *dropped,
                                       ptrdiff_t t, ptrdiff_t hs, float scale) {
    ptrdiff_t tp = round8(t), hp = round8(hs);
    if (tp * tp + 4 * tp * hp > ATT_MAX_FLOATS) return 0;
    float buffer[ATT_MAX_FLOATS];
    float *qp = buffer, *kt = qp + tp * hp, *vp = kt + tp * hp, *o = vp + tp * hp, *s = o + tp * hp;
    pack_rows(qp, hp, tp, q, ldq, t, hs);
    pack_transposed(kt, tp, hp, k, ldq, t, hs);
    pack_rows(vp, hp, tp, v, ldq, t, hs);
    // scores (tp × tp) = q · kᵀ · scale; rows and columns past t are 0
    tile_gemm(s, tp, qp, hp, 1, kt, tp, tp, tp / 8, hs, scale);
    softmax_padded_rows(s, t, t, tp);
    unpack_rows(att, t, s, tp, t, t);
    if (mask) {
        for (ptrdiff_t i = 0; i < t; i++)
            for (ptrdiff_t j = 0; j < tp; j += 8)
                _mm256_storeu_ps(s + i * tp + j, _mm256_mul_ps(_mm256_loadu_ps(s + i * tp + j),
                                                               _mm256_maskload_ps(mask + i * t + j, lanes_below(t, j))));
        unpack_rows(dropped, t, s, tp, t, t);
    }
    // out (tp × hp) = att · v, over the t real columns of att
    tile_gemm(o, hp, s, tp, 1, vp, hp, tp, hp / 8, t, 1.0f);
    unpack_rows(out, ldo, o, hp, t, hs);
    return 1;
}

AVX2 static int attention_backward_avx2(float *dq, float *dk, float *dv, ptrdiff_t ldq, const float *dy, ptrdiff_t ldy,
                                        const float *q, const float *k, const float *v, const float *att,
                                        const float *mask, const float *dropped, ptrdiff_t t, ptrdiff_t hs, float scale) {
    ptrdiff_t tp = round8(t), hp = round8(hs);
    if (2 * tp * tp + 6 * tp * hp > ATT_MAX_FLOATS) return 0;
    float buffer[ATT_MAX_FLOATS];
    float *dyp = buffer, *vt = dyp + tp * hp, *qp = vt + tp * hp, *kp = qp + tp * hp, *o = kp + tp * hp;
    float *pp = o + tp * hp, *ds = pp + tp * tp;
    pack_rows(dyp, hp, tp, dy, ldy, t, hs);
    pack_transposed(vt, tp, hp, v, ldq, t, hs);
    pack_rows(qp, hp, tp, q, ldq, t, hs);
    pack_rows(kp, hp, tp, k, ldq, t, hs);
    pack_rows(pp, tp, tp, mask ? dropped : att, t, t, t);
    // datt (tp × tp) = dy · vᵀ
    tile_gemm(ds, tp, dyp, hp, 1, vt, tp, tp, tp / 8, hs, 1.0f);
    // dv = attᵀ · dy (the weights forward multiplied v by)
    tile_gemm(o, hp, pp, 1, tp, dyp, hp, tp, hp / 8, t, 1.0f);
    unpack_rows(dv, ldq, o, hp, t, hs);
    // softmax backward: dscore = att ⊙ (datt − Σ att·datt), datt first through the dropout mask
    // (rows of ds are tp wide and zero past t; att and mask rows are read with the tail masked off)
    for (ptrdiff_t i = 0; i < t; i++) {
        float *dr = ds + i * tp;
        const float *ar = att + i * t, *mr = mask ? mask + i * t : 0;
        __m256 dot8 = _mm256_setzero_ps();
        for (ptrdiff_t j = 0; j < tp; j += 8) {
            __m256i keep = lanes_below(t, j);
            __m256 d = _mm256_loadu_ps(dr + j);
            if (mr) { d = _mm256_mul_ps(d, _mm256_maskload_ps(mr + j, keep)); _mm256_storeu_ps(dr + j, d); }
            dot8 = _mm256_fmadd_ps(_mm256_maskload_ps(ar + j, keep), d, dot8);
        }
        __m256 dot = _mm256_set1_ps(hsum8(dot8));
        for (ptrdiff_t j = 0; j < tp; j += 8) {
            __m256i keep = lanes_below(t, j);
            __m256 a = _mm256_maskload_ps(ar + j, keep);
            _mm256_storeu_ps(dr + j, _mm256_mul_ps(a, _mm256_sub_ps(_mm256_loadu_ps(dr + j), dot)));
        }
    }
    // dq = dscore · k · scale ; dk = dscoreᵀ · q · scale
    tile_gemm(o, hp, ds, tp, 1, kp, hp, tp, hp / 8, t, scale);
    unpack_rows(dq, ldq, o, hp, t, hs);
    tile_gemm(o, hp, ds, 1, tp, qp, hp, tp, hp / 8, t, scale);
    unpack_rows(dk, ldq, o, hp, t, hs);
    return 1;
}

static int has_avx2_fma(void) {
    __builtin_cpu_init();  // idempotent; the CPU model is read once by the runtime
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

// MARK: - Adam / AdamW update
// Same operations in the same order as the scalar form (no fused multiply-add), so both bodies
// give the same bits as the Swift loop they replace; 8 lanes at a time it is bound by memory.

static void adam_portable(float *w, const float *g, float *m, float *v, const float *mask, ptrdiff_t lo, ptrdiff_t n,
                          const float p[8], int decoupled) {
    float lr = p[0], b1 = p[1], b2 = p[2], eps = p[3], wd = p[4], c1 = p[5], c2 = p[6];
    for (ptrdiff_t i = lo; i < n; i++) {
        float grad = g[i];
        if (decoupled) {
            float shrink = lr * wd; shrink = shrink * mask[i]; shrink = shrink * w[i];
            w[i] = w[i] - shrink;
        } else {
            float l2 = wd * mask[i]; l2 = l2 * w[i];
            grad = grad + l2;
        }
        float mi = b1 * m[i], mg = (1 - b1) * grad; mi = mi + mg;
        float vi = b2 * v[i], vg = (1 - b2) * grad; vg = vg * grad; vi = vi + vg;
        m[i] = mi;
        v[i] = vi;
        float mHat = mi / c1, vHat = vi / c2;
        float step = lr * mHat, denominator = sqrtf(vHat); denominator = denominator + eps;
        w[i] = w[i] - step / denominator;
    }
}

#ifdef SPECTRA_X86
AVX2 static ptrdiff_t adam_avx2(float *w, const float *g, float *m, float *v, const float *mask, ptrdiff_t n,
                                const float p[8], int decoupled) {
    const __m256 lr = _mm256_set1_ps(p[0]), b1 = _mm256_set1_ps(p[1]), b2 = _mm256_set1_ps(p[2]);
    const __m256 eps = _mm256_set1_ps(p[3]), wd = _mm256_set1_ps(p[4]), c1 = _mm256_set1_ps(p[5]), c2 = _mm256_set1_ps(p[6]);
    const __m256 lrwd = _mm256_set1_ps(p[0] * p[4]), ob1 = _mm256_set1_ps(1 - p[1]), ob2 = _mm256_set1_ps(1 - p[2]);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 grad = _mm256_loadu_ps(g + i), wi = _mm256_loadu_ps(w + i), mk = _mm256_loadu_ps(mask + i);
        if (decoupled) {
            wi = _mm256_sub_ps(wi, _mm256_mul_ps(_mm256_mul_ps(lrwd, mk), wi));
        } else {
            grad = _mm256_add_ps(grad, _mm256_mul_ps(_mm256_mul_ps(wd, mk), wi));
        }
        __m256 mi = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(ob1, grad));
        __m256 vi = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + i)), _mm256_mul_ps(_mm256_mul_ps(ob2, grad), grad));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        __m256 step = _mm256_mul_ps(lr, _mm256_div_ps(mi, c1));
        __m256 denominator = _mm256_add_ps(_mm256_sqrt_ps(_mm256_div_ps(vi, c2)), eps);
        _mm256_storeu_ps(w + i, _mm256_sub_ps(wi, _mm256_div_ps(step, denominator)));
    }
    return i;
}
#endif

// MARK: - Entry points

void spectra_gelu_forward(float *out, const float *inp, ptrdiff_t n) {
    ptrdiff_t done = 0;
#ifdef SPECTRA_X86
    if (has_avx2_fma()) done = gelu_forward_avx2(out, inp, n);
#endif
    gelu_forward_portable(out, inp, done, n);
}

void spectra_gelu_forward_derivative(float *out, float *derivative, const float *inp, ptrdiff_t n) {
    ptrdiff_t done = 0;
#ifdef SPECTRA_X86
    if (has_avx2_fma()) done = gelu_forward_derivative_avx2(out, derivative, inp, n);
#endif
    gelu_forward_derivative_portable(out, derivative, inp, done, n);
}

void spectra_gelu_backward(float *dinp, const float *inp, const float *dout, ptrdiff_t n) {
    ptrdiff_t done = 0;
#ifdef SPECTRA_X86
    if (has_avx2_fma()) done = gelu_backward_avx2(dinp, inp, dout, n);
#endif
    gelu_backward_portable(dinp, inp, dout, done, n);
}

void spectra_softmax_rows(float *a, ptrdiff_t rows, ptrdiff_t cols) {
#ifdef SPECTRA_X86
    if (has_avx2_fma()) { softmax_rows_avx2(a, rows, cols); return; }
#endif
    for (ptrdiff_t r = 0; r < rows; r++) softmax_row_portable(a + r * cols, cols);
}

int spectra_attention_forward(float *out, ptrdiff_t ldo, float *att, const float *q, const float *k, const float *v,
                              ptrdiff_t ldq, const float *mask, float *dropped, ptrdiff_t t, ptrdiff_t hs, float scale) {
#ifdef SPECTRA_X86
    if (has_avx2_fma()) return attention_forward_avx2(out, ldo, att, q, k, v, ldq, mask, dropped, t, hs, scale);
#endif
    return 0;
}

int spectra_attention_backward(float *dq, float *dk, float *dv, ptrdiff_t ldq, const float *dy, ptrdiff_t ldy,
                               const float *q, const float *k, const float *v, const float *att,
                               const float *mask, const float *dropped, ptrdiff_t t, ptrdiff_t hs, float scale) {
#ifdef SPECTRA_X86
    if (has_avx2_fma()) return attention_backward_avx2(dq, dk, dv, ldq, dy, ldy, q, k, v, att, mask, dropped, t, hs, scale);
#endif
    return 0;
}

void spectra_adam_update(float *w, const float *g, float *m, float *v, const float *mask, ptrdiff_t n,
                         float lr, float beta1, float beta2, float epsilon, float weightDecay, int decoupled,
                         float correction1, float correction2) {
    const float p[8] = {lr, beta1, beta2, epsilon, weightDecay, correction1, correction2, 0};
    ptrdiff_t done = 0;
#ifdef SPECTRA_X86
    if (has_avx2_fma()) done = adam_avx2(w, g, m, v, mask, n, p, decoupled);
#endif
    adam_portable(w, g, m, v, mask, done, n, p, decoupled);
}
