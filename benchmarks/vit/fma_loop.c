// Host-speed probe (not part of SpectraKit): 8 independent AVX2 FMA chains, 200 M iterations, no memory traffic,
// so its time depends only on how fast the host runs this vCPU. Run it a few times minutes apart (and two at once)
// to see the VM's speed move; see benchmarks/README.md, "The host's state".
//   gcc -O2 -mavx2 -mfma -o /tmp/fma_loop benchmarks/vit/fma_loop.c && /tmp/fma_loop
#include <stdio.h>
#include <time.h>
#include <immintrin.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){ __m256 a[8]; for(int i=0;i<8;i++) a[i]=_mm256_set1_ps(1.0f+i*1e-7f); __m256 b=_mm256_set1_ps(0.9999999f), c=_mm256_set1_ps(1e-7f);
 double t=now(); for(long k=0;k<200000000;k++){ for(int i=0;i<8;i++) a[i]=_mm256_fmadd_ps(a[i],b,c);} t=now()-t;
 float s=0; for(int i=0;i<8;i++){float v[8]; _mm256_storeu_ps(v,a[i]); s+=v[0];}
 printf("%.3f s  %.1f GFLOP/s (check %g)\n", t, 200000000.0*8*8*2/t/1e9, s); }
