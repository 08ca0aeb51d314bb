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

/*
 * The counts of one group's eight rows against two rows u and v at once: each word of the group is loaded once and
 * counted against both, which on the development machine (AMD EPYC, AVX-512) takes about 70% of the time per row
 * that one row at a time takes.
 */
INLINE_KERNEL void group_counts2(const uint64_t *u, const uint64_t *v, const uint64_t *group, int32_t words,
    __m256i *counts_u, __m256i *counts_v)
{
    __m512i u_even = _mm512_setzero_si512(), u_odd = u_even, v_even = u_even, v_odd = u_even;
    int32_t w = 0;
#pragma GCC unroll 16
    for (; w + 2 <= words; w += 2)
    {
        __m512i even = _mm512_load_si512(group + 8 * w), odd = _mm512_load_si512(group + 8 * (w + 1));
        u_even = _mm512_add_epi64(u_even, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)u[w]), even)));
        u_odd = _mm512_add_epi64(u_odd, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)u[w + 1]), odd)));
        v_even = _mm512_add_epi64(v_even, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)v[w]), even)));
        v_odd = _mm512_add_epi64(v_odd, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)v[w + 1]), odd)));
    }
    if (w < words)
    {
        __m512i last = _mm512_load_si512(group + 8 * w);
        u_even = _mm512_add_epi64(u_even, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)u[w]), last)));
        v_even = _mm512_add_epi64(v_even, _mm512_popcnt_epi64(_mm512_and_si512(_mm512_set1_epi64((long long)v[w]), last)));
    }
    *counts_u = _mm512_cvtepi64_epi32(_mm512_add_epi64(u_even, u_odd));
    *counts_v = _mm512_cvtepi64_epi32(_mm512_add_epi64(v_even, v_odd));
}

INLINE_KERNEL void tile_products2(const uint64_t *__restrict u, const uint64_t *__restrict v,
    const uint64_t *__restrict tile, int32_t first, int32_t end, int32_t words, int32_t *__restrict products_u,
    int32_t *__restrict products_v)
{
    int32_t j = first;
    __m256i cu, cv;
    for (; j + 8 <= end; j += 8)
    {
        group_counts2(u, v, tile + (int64_t)j * words, words, &cu, &cv);
        _mm256_storeu_si256((__m256i *)(products_u + (j - first)), cu);
        _mm256_storeu_si256((__m256i *)(products_v + (j - first)), cv);
    }
    if (j < end)
    {
        int32_t last_u[8], last_v[8];
        group_counts2(u, v, tile + (int64_t)j * words, words, &cu, &cv);
        _mm256_storeu_si256((__m256i *)last_u, cu);
        _mm256_storeu_si256((__m256i *)last_v, cv);
        for (int32_t r = 0; j + r < end; r++)
        {
            products_u[j - first + r] = last_u[r];
            products_v[j - first + r] = last_v[r];
        }
    }
}

/* memlab_popcount_tile_products for two rows u and v at once, into products_u and products_v. */
KERNEL void memlab_popcount_tile_products2(const uint64_t *u, const uint64_t *v, const uint64_t *tile, int32_t first,
    int32_t end, int32_t words, int32_t *products_u, int32_t *products_v)
{
    if (words == 8) tile_products2(u, v, tile, first, end, 8, products_u, products_v);
    else tile_products2(u, v, tile, first, end, words, products_u, products_v);
}

/* Bit r set when count r is below its threshold (above when `increasing`). */
INLINE_KERNEL uint32_t fires(__m256i counts, __m256i thresholds, int32_t increasing)
{
    __m256i on = increasing ? _mm256_cmpgt_epi32(counts, thresholds) : _mm256_cmpgt_epi32(thresholds, counts);
    return (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(on));
}

INLINE_KERNEL void tile_firing2(const uint64_t *__restrict u, const uint64_t *__restrict v,
    const uint64_t *__restrict tile, int32_t first, int32_t end, int32_t words, const int32_t *__restrict thresholds,
    int32_t increasing, uint64_t *__restrict bits_u, uint64_t *__restrict bits_v)
{
    /* The bits of one output word gather in a register and are ORed into memory once. */
    uint64_t word_u = 0, word_v = 0;
    int32_t j = first;
    __m256i cu, cv;
    for (; j + 8 <= end; j += 8)
    {
        int32_t at = j - first;
        __m256i t = _mm256_loadu_si256((const __m256i *)(thresholds + at));
        group_counts2(u, v, tile + (int64_t)j * words, words, &cu, &cv);
        word_u |= (uint64_t)fires(cu, t, increasing) << (at & 63);
        word_v |= (uint64_t)fires(cv, t, increasing) << (at & 63);
        if ((at & 63) == 56)
        {
            bits_u[at >> 6] |= word_u;
            bits_v[at >> 6] |= word_v;
            word_u = word_v = 0;
        }
    }
    if (j < end)
    {
        /* The last group's rows past `end` are the tile's zero rows; their thresholds are not read, their bits dropped. */
        int32_t limit[8] = { 0 };
        for (int32_t r = 0; j + r < end; r++) limit[r] = thresholds[j - first + r];
        __m256i t = _mm256_loadu_si256((const __m256i *)limit);
        uint32_t kept = (1u << (end - j)) - 1;
        group_counts2(u, v, tile + (int64_t)j * words, words, &cu, &cv);
        word_u |= (uint64_t)(fires(cu, t, increasing) & kept) << ((j - first) & 63);
        word_v |= (uint64_t)(fires(cv, t, increasing) & kept) << ((j - first) & 63);
    }
    /* A word not yet stored (the loop stores every full one): a row whose units end inside it. */
    if (word_u != 0) bits_u[(j - first) >> 6] |= word_u;
    if (word_v != 0) bits_v[(j - first) >> 6] |= word_v;
}

/*
 * The threshold outputs of a popcount layer for two input rows u and v against the tile's rows [first, end) (its
 * units): unit j fires when its count P_j < thresholds[j - first] (P_j > thresholds[j - first] when `increasing`), and
 * then bit (j - first) of bits_u (of bits_v for v) is set (ORed in; `first` a multiple of 8, and of 64 when several
 * calls share a word). The counts go from register to compare, never through memory.
 */
KERNEL void memlab_popcount_tile_firing2(const uint64_t *u, const uint64_t *v, const uint64_t *tile, int32_t first,
    int32_t end, int32_t words, const int32_t *thresholds, int32_t increasing, uint64_t *bits_u, uint64_t *bits_v)
{
    if (words == 8) tile_firing2(u, v, tile, first, end, 8, thresholds, increasing, bits_u, bits_v);
    else tile_firing2(u, v, tile, first, end, words, thresholds, increasing, bits_u, bits_v);
}
