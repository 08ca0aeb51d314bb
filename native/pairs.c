/*
 * The integer screen of a threshold layer's pre-activations on 8-bit inputs, with AVX-512 VNNI (VPDPWSSD, which
 * .NET exposes no 512-bit intrinsic for on CPUs without AVX10): the exact integer sums S_u = sum_k m_uk p_k of one
 * point's inputs p (integers 0..255, taken two coordinates at a time) and 64 units' weights m (int16), then the screen
 * of z_u = qc_u S_u + b_u in float64 against the error band that src/MemLab/Networks/PairFirstLayer.cs derives and
 * the coefficients it passes. memlab calls it only on a CPU with AVX-512F, AVX-512BW and AVX-512 VNNI, so only the
 * function below carries those instruction sets (the file builds with plain -O2).
 *
 * A slice holds 64 units: for coordinate pair j (coordinates 2j and 2j + 1) the 64 units' two weights interleaved,
 * unit by unit, 128 int16 (256 bytes, four 512-bit vectors). A point is its nonzero pairs: the pair's index and its two
 * inputs packed in one int32 (2j's in the low 16 bits), which VPDPWSSD multiplies with each unit's two weights and adds
 * to the unit's int32 sum. The caller keeps every |S_u| below 2^31, so the sums are exact.
 */
#include <immintrin.h>
#include <stdint.h>

#define KERNEL __attribute__((target("avx512f,avx512bw,avx512vnni")))

/*
 * One point against one slice of 64 units. `units` holds 6 x 64 float64 for the slice's units: qc, b, a, r, norm,
 * |b| (see PairFirstLayer.cs). For unit u the band is widen (a_u e1 + r_u cp1 + g (norm_u normx + |b_u|)); bit u of
 * *unclear is set where |z_u| is not above it, bit u of *positive where z_u > 0 and it is.
 */
KERNEL void memlab_pairs_screen(const int16_t *slice, const int32_t *pairs, const int32_t *values, int32_t count,
    const double *units, double e1, double cp1, double normx, double g, double widen, uint64_t *positive, uint64_t *unclear)
{
    __m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0;
    for (int32_t i = 0; i < count; i++)
    {
        const int16_t *column = slice + (int64_t)pairs[i] * 128;
        __m512i x = _mm512_set1_epi32(values[i]);
        s0 = _mm512_dpwssd_epi32(s0, x, _mm512_load_si512(column));
        s1 = _mm512_dpwssd_epi32(s1, x, _mm512_load_si512(column + 32));
        s2 = _mm512_dpwssd_epi32(s2, x, _mm512_load_si512(column + 64));
        s3 = _mm512_dpwssd_epi32(s3, x, _mm512_load_si512(column + 96));
    }
    __m512i sums[4] = { s0, s1, s2, s3 };
    __m512d vE1 = _mm512_set1_pd(e1), vCp1 = _mm512_set1_pd(cp1), vNormx = _mm512_set1_pd(normx);
    __m512d vG = _mm512_set1_pd(g), vWiden = _mm512_set1_pd(widen);
    uint64_t clearBits = 0, positiveBits = 0;
    for (int h = 0; h < 8; h++)
    {
        __m256i half = h & 1 ? _mm512_extracti64x4_epi64(sums[h >> 1], 1) : _mm512_castsi512_si256(sums[h >> 1]);
        __m512d s = _mm512_cvtepi32_pd(half);
        const double *u = units + 8 * h;
        __m512d z = _mm512_fmadd_pd(_mm512_loadu_pd(u), s, _mm512_loadu_pd(u + 64));
        __m512d magnitude = _mm512_fmadd_pd(_mm512_loadu_pd(u + 256), vNormx, _mm512_loadu_pd(u + 320));
        __m512d band = _mm512_fmadd_pd(_mm512_loadu_pd(u + 128), vE1,
            _mm512_fmadd_pd(_mm512_loadu_pd(u + 192), vCp1, _mm512_mul_pd(vG, magnitude)));
        band = _mm512_mul_pd(band, vWiden);
        __mmask8 clear = _mm512_cmp_pd_mask(_mm512_abs_pd(z), band, _CMP_GT_OQ);
        __mmask8 above = _mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_GT_OQ);
        clearBits |= (uint64_t)clear << (8 * h);
        positiveBits |= (uint64_t)(clear & above) << (8 * h);
    }
    *positive = positiveBits;
    *unclear = ~clearBits;
}
