/*
 * popcount(u & row) of one bit row u against many rows of a bit table, with AVX-512 VPOPCNTDQ: the integer inner
 * products of the Finke construction's threshold codes and of memlab's popcount layers. It computes what
 * src/MemLab/LinearAlgebra/AndPopcount.cs computes (the same integers); memlab calls it only on a CPU that has
 * AVX-512F and VPOPCNTDQ, so only the functions below carry those instruction sets (the file builds with plain -O2).
 *
 * A row of `words` 64-bit words is read as ceil(words / 8) 512-bit chunks, the last one through a mask, so no word
 * past the row is read. Each row's popcounts are summed lane-wise over its chunks; eight rows' eight-lane sums are
 * then transposed and added in three steps, so that lane r ends up with row r's total.
 */
#include <immintrin.h>
#include <stdint.h>

#define KERNEL __attribute__((target("avx512f,avx512vpopcntdq")))
#define INLINE_KERNEL static inline __attribute__((always_inline, target("avx512f,avx512vpopcntdq")))

/* Lane-wise popcount(u & row) over the row's chunks; `chunks` is a constant where the callers below specialize it. */
INLINE_KERNEL __m512i lane_counts(const uint64_t *u, const uint64_t *row, int chunks, __mmask8 last)
{
    __m512i sum = _mm512_setzero_si512();
    for (int k = 0; k + 1 < chunks; k++)
        sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(_mm512_and_si512(
            _mm512_loadu_si512(u + 8 * k), _mm512_loadu_si512(row + 8 * k))));
    const uint64_t *tail = row + 8 * (chunks - 1), *utail = u + 8 * (chunks - 1);
    return _mm512_add_epi64(sum, _mm512_popcnt_epi64(_mm512_and_si512(
        _mm512_maskz_loadu_epi64(last, utail), _mm512_maskz_loadu_epi64(last, tail))));
}

/* Adds the 128-bit blocks of a and b pairwise: [a0 + a1, a2 + a3, b0 + b1, b2 + b3]. */
INLINE_KERNEL __m512i add_block_pairs(__m512i a, __m512i b)
{
    return _mm512_add_epi64(_mm512_shuffle_i64x2(a, b, 0x88), _mm512_shuffle_i64x2(a, b, 0xDD));
}

/* Adds a's and b's lanes pairwise within each 128-bit block: block k becomes [a(2k) + a(2k+1), b(2k) + b(2k+1)]. */
INLINE_KERNEL __m512i add_lane_pairs(__m512i a, __m512i b)
{
    return _mm512_add_epi64(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
}

INLINE_KERNEL void products_of(int chunks, const uint64_t *u, const uint64_t *codes, const int32_t *rows,
    int32_t start, int32_t end, int32_t words, int32_t *products)
{
    __mmask8 last = (__mmask8)(words % 8 == 0 ? 0xFF : (1u << (words % 8)) - 1);
    int32_t j = start;
    for (; j + 8 <= end; j += 8)
    {
        /* Written out so that the eight sums stay in registers; lane r of the total is row j + r's count. */
        __m512i s0 = lane_counts(u, codes + (int64_t)rows[j] * words, chunks, last);
        __m512i s1 = lane_counts(u, codes + (int64_t)rows[j + 1] * words, chunks, last);
        __m512i s2 = lane_counts(u, codes + (int64_t)rows[j + 2] * words, chunks, last);
        __m512i s3 = lane_counts(u, codes + (int64_t)rows[j + 3] * words, chunks, last);
        __m512i s4 = lane_counts(u, codes + (int64_t)rows[j + 4] * words, chunks, last);
        __m512i s5 = lane_counts(u, codes + (int64_t)rows[j + 5] * words, chunks, last);
        __m512i s6 = lane_counts(u, codes + (int64_t)rows[j + 6] * words, chunks, last);
        __m512i s7 = lane_counts(u, codes + (int64_t)rows[j + 7] * words, chunks, last);
        __m512i total = add_block_pairs(
            add_block_pairs(add_lane_pairs(s0, s1), add_lane_pairs(s2, s3)),
            add_block_pairs(add_lane_pairs(s4, s5), add_lane_pairs(s6, s7)));
        _mm256_storeu_si256((__m256i *)(products + (j - start)), _mm512_cvtepi64_epi32(total));
    }
    for (; j < end; j++)
        products[j - start] = (int32_t)_mm512_reduce_add_epi64(lane_counts(u, codes + (int64_t)rows[j] * words, chunks, last));
}

/*
 * products[j - start] = popcount(u & row) over the `words` words of row rows[j] of `codes` (row i starts at word
 * i * words), for j in [start, end). Rows may come in any order and repeat; u and each row are read only within
 * their `words` words.
 */
KERNEL void memlab_and_popcount(const uint64_t *u, const uint64_t *codes, const int32_t *rows,
    int32_t start, int32_t end, int32_t words, int32_t *products)
{
    int chunks = (words + 7) / 8;
    if (chunks == 1) products_of(1, u, codes, rows, start, end, words, products);
    else if (chunks == 2) products_of(2, u, codes, rows, start, end, words, products);
    else products_of(chunks, u, codes, rows, start, end, words, products);
}
