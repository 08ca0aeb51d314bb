/*
 * popcount(u & row) of bit rows u against a tile of rows of a bit table, with AVX-512 VPOPCNTDQ: the integer inner
 * products of the Finke construction's threshold codes and of memlab's popcount layers. It gives the integers that
 * the managed kernels in src/MemLab/LinearAlgebra/AndPopcount.cs give; memlab calls it only on a CPU with AVX-512F and
 * VPOPCNTDQ, so only the functions below carry those instruction sets (the file builds with plain -O2).
 *
 * The tile is the rows transposed in groups of eight: word w of the group's row r is at tile[(g * words + w) * 8 + r],
 * so one 512-bit vector holds word w of eight rows. A u word broadcast to all lanes, ANDed with that vector and
 * counted by VPOPCNTQ adds eight rows' counts at once, each in its own lane: no horizontal sums. Callers load a tile
 * once and count many u against it (the cover: a tile of targets against every candidate; a popcount layer: all its
 * units' masks against every input row).
 */
#include <immintrin.h>
#include <stdint.h>

#define KERNEL __attribute__((target("avx512f,avx512vpopcntdq")))
#define INLINE_KERNEL static inline __attribute__((always_inline, target("avx512f,avx512vpopcntdq")))

/*
 * Copies rows rows[start], ..., rows[end - 1] of `codes` (row i at word i * words) into `tile` in the transposed
 * layout, ceil((end - start) / 8) groups of words * 8 words; the rows that fill the last group are zero.
 */
void memlab_popcount_tile_load(const uint64_t *codes, const int32_t *rows, int32_t start, int32_t end, int32_t words,
    uint64_t *tile)
{
    int32_t count = end - start;
    for (int32_t g = 0; 8 * g < count; g++)
        for (int32_t r = 0; r < 8; r++)
        {
            int32_t j = 8 * g + r;
            const uint64_t *row = j < count ? codes + (int64_t)rows[start + j] * words : 0;
            for (int32_t w = 0; w < words; w++) tile[((int64_t)g * words + w) * 8 + r] = row ? row[w] : 0;
        }
}

/*
 * The counts of one group's eight rows; `words` is a constant where the callers specialize it, and then the loop is
 * unrolled and the broadcasts of u stay in registers across groups. Two sums halve the chain of dependent adds.
 */
INLINE_KERNEL __m256i group_counts(const uint64_t *u, const uint64_t *group, int32_t words)
{
    __m512i even = _mm512_setzero_si512(), odd = _mm512_setzero_si512();
    int32_t w = 0;
#pragma GCC unroll 16
    for (; w + 2 <= words; w += 2)
    {
        even = _mm512_add_epi64(even, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)u[w]),
            _mm512_load_si512(group + 8 * w))));
        odd = _mm512_add_epi64(odd, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)u[w + 1]),
            _mm512_load_si512(group + 8 * (w + 1)))));
    }
    if (w < words)
        even = _mm512_add_epi64(even, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)u[w]),
            _mm512_load_si512(group + 8 * w))));
    return _mm512_cvtepi64_epi32(_mm512_add_epi64(even, odd));
}

INLINE_KERNEL void tile_products(const uint64_t *u, const uint64_t *tile, int32_t first, int32_t end, int32_t words,
    int32_t *products)
{
    int32_t j = first;
    for (; j + 8 <= end; j += 8)
        _mm256_storeu_si256((__m256i *)(products + (j - first)), group_counts(u, tile + (int64_t)j * words, words));
    if (j < end)
    {
        int32_t last[8];
        _mm256_storeu_si256((__m256i *)last, group_counts(u, tile + (int64_t)j * words, words));
        for (int32_t r = 0; j + r < end; r++) products[j - first + r] = last[r];
    }
}

/*
 * products[j - first] = popcount(u & row j of the tile) over `words` words, for j in [first, end): `first` a multiple
 * of 8, `end` at most the loaded row count; `tile` 64-byte aligned.
 */
KERNEL void memlab_popcount_tile_products(const uint64_t *u, const uint64_t *tile, int32_t first, int32_t end,
    int32_t words, int32_t *products)
{
    if (words == 8) tile_products(u, tile, first, end, 8, products);
    else tile_products(u, tile, first, end, words, products);
}
