// Single-threaded OpenBLAS sgemm throughput at the paper-scale step's shapes, in the layouts that
// give the same result (issue 3, branch perf5). Not part of the build:
//   cc -O2 -o /tmp/gemm_shapes benchmarks/vit/gemm_shapes.c -lopenblas && /tmp/gemm_shapes
// Each line: median GFLOP/s of 15 timed repetitions (after 3 warm-up calls) of one call, operands
// hot in cache as in a step's group task. OPENBLAS_NUM_THREADS is set to 1 in the program.
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}
static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static float *buf(size_t n) {
    float *p = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) p[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    return p;
}

// C (M×N, ldc) = op(A)·op(B) + beta·C, row-major.
static void run(const char *name, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb, int m, int n, int k, float beta) {
    float *a = buf((size_t)m * k), *b = buf((size_t)k * n), *c = buf((size_t)m * n);
    int lda = ta == CblasNoTrans ? k : m, ldb = tb == CblasNoTrans ? n : k;
    double t[15];
    for (int r = 0; r < 18; r++) {
        double s = now();
        cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1, a, lda, b, ldb, beta, c, n);
        if (r >= 3) t[r - 3] = now() - s;
    }
    qsort(t, 15, sizeof(double), cmp);
    printf("%-34s %c%c M=%5d N=%4d K=%5d beta=%g  %6.1f GFLOP/s  %7.1f us\n", name, ta == CblasNoTrans ? 'N' : 'T',
           tb == CblasNoTrans ? 'N' : 'T', m, n, k, beta, 2.0 * m * n * k / t[7] / 1e9, t[7] * 1e6);
    free(a); free(b); free(c);
}

int main(int argc, char **argv) {
    openblas_set_num_threads(1);
    int rows = argc > 1 ? atoi(argv[1]) : 304, all = argc > 2 ? atoi(argv[2]) : 2432;
    const int c = 120, f = 480;
    struct { const char *name; int oc, ic; } lin[] = {{"qkv", 3 * c, c}, {"proj", c, c}, {"fc1", f, c}, {"fc2", c, f}};
    for (int i = 0; i < 4; i++) {
        char s[64];
        snprintf(s, sizeof s, "forward %s Y=X.Wt", lin[i].name);
        run(s, CblasNoTrans, CblasTrans, rows, lin[i].oc, lin[i].ic, 1);
        snprintf(s, sizeof s, "forward %s Yt=W.Xt", lin[i].name);
        run(s, CblasNoTrans, CblasTrans, lin[i].oc, rows, lin[i].ic, 1);
        snprintf(s, sizeof s, "forward %s all rows", lin[i].name);
        run(s, CblasNoTrans, CblasTrans, all, lin[i].oc, lin[i].ic, 1);
        snprintf(s, sizeof s, "dX %s dX=dY.W beta0", lin[i].name);
        run(s, CblasNoTrans, CblasNoTrans, rows, lin[i].ic, lin[i].oc, 0);
        snprintf(s, sizeof s, "dX %s dX=dY.W beta1", lin[i].name);
        run(s, CblasNoTrans, CblasNoTrans, rows, lin[i].ic, lin[i].oc, 1);
        snprintf(s, sizeof s, "dX %s dXt=Wt.dYt", lin[i].name);
        run(s, CblasTrans, CblasTrans, lin[i].ic, rows, lin[i].oc, 0);
        snprintf(s, sizeof s, "dW %s dW=dYt.X all", lin[i].name);
        run(s, CblasTrans, CblasNoTrans, lin[i].oc, lin[i].ic, all, 1);
        snprintf(s, sizeof s, "dW %s dWt=Xt.dY all", lin[i].name);
        run(s, CblasTrans, CblasNoTrans, lin[i].ic, lin[i].oc, all, 1);
        snprintf(s, sizeof s, "dW %s dW=dYt.X group", lin[i].name);
        run(s, CblasTrans, CblasNoTrans, lin[i].oc, lin[i].ic, rows, 1);
    }
    return 0;
}
