//! The MinHash minima: for each permutation `(a, b)`, the minimum over the
//! shingles `x` of the top 32 bits of `a·x + b (mod 2^64)`.
//!
//! This is the fingerprint stage's hottest loop (128 multiply-adds per
//! shingle). Permutations go eight at a time through one pass over the
//! shingles, so the eight products of a pass are independent: one AVX-512
//! instruction on CPUs that have 64-bit vector multiplies, four AVX2 ones
//! otherwise, scalar on anything else. Every path computes the same
//! numbers; the signature format does not depend on the CPU.

/// Permutations per pass: eight 64-bit lanes fill one 512-bit register.
const LANES: usize = 8;

/// The minimum of each permutation over the shingles (`u32::MAX` for none).
pub(super) fn minima(permutations: &[(u64, u64)], shingles: &[u64]) -> Vec<u32> {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU was just checked to have the features the
            // function is compiled for.
            return unsafe { minima_avx512(permutations, shingles) };
        }
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: as above, for AVX2.
            return unsafe { minima_avx2(permutations, shingles) };
        }
    }
    minima_lanes(permutations, shingles)
}

/// Four registers of eight permutations per pass over the shingles: four
/// independent chains hide the multiply's latency, and twelve registers
/// leave room to spare.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn minima_avx512(permutations: &[(u64, u64)], shingles: &[u64]) -> Vec<u32> {
    use std::arch::x86_64::*;
    const REGISTERS: usize = 4;
    let (a, b): (Vec<u64>, Vec<u64>) = permutations.iter().copied().unzip();
    let mut mins = Vec::with_capacity(permutations.len());
    let mut start = 0;
    while permutations.len() - start >= LANES * REGISTERS {
        let load = |values: &[u64], r: usize| {
            let lanes: &[u64; LANES] = values[start + r * LANES..start + (r + 1) * LANES]
                .try_into()
                .expect("eight lanes");
            // SAFETY: reads exactly the eight u64 of `lanes` (unaligned load).
            unsafe { _mm512_loadu_si512(lanes.as_ptr().cast()) }
        };
        let va: [__m512i; REGISTERS] = std::array::from_fn(|r| load(&a, r));
        let vb: [__m512i; REGISTERS] = std::array::from_fn(|r| load(&b, r));
        let mut vmin = [_mm512_set1_epi64(u32::MAX as i64); REGISTERS];
        for &x in shingles {
            let vx = _mm512_set1_epi64(x as i64);
            for r in 0..REGISTERS {
                let hashed = _mm512_srli_epi64::<32>(_mm512_add_epi64(_mm512_mullo_epi64(va[r], vx), vb[r]));
                vmin[r] = _mm512_min_epu64(vmin[r], hashed);
            }
        }
        for lanes in vmin {
            let mut out = [0u64; LANES];
            // SAFETY: writes exactly the eight u64 of `out` (unaligned store).
            unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), lanes) };
            mins.extend(out.iter().map(|&m| m as u32));
        }
        start += LANES * REGISTERS;
    }
    mins.extend(minima_lanes(&permutations[start..], shingles));
    mins
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn minima_avx2(permutations: &[(u64, u64)], shingles: &[u64]) -> Vec<u32> {
    minima_lanes(permutations, shingles)
}

/// The portable definition; inlined into each CPU-specific function above,
/// where the compiler turns the lanes into vector instructions.
#[inline(always)]
fn minima_lanes(permutations: &[(u64, u64)], shingles: &[u64]) -> Vec<u32> {
    let mut mins = Vec::with_capacity(permutations.len());
    for chunk in permutations.chunks(LANES) {
        let mut a = [0u64; LANES];
        let mut b = [0u64; LANES];
        for (lane, &(pa, pb)) in chunk.iter().enumerate() {
            a[lane] = pa;
            b[lane] = pb;
        }
        let mut lane_mins = [u32::MAX; LANES];
        for &x in shingles {
            for lane in 0..LANES {
                let v = (a[lane].wrapping_mul(x).wrapping_add(b[lane]) >> 32) as u32;
                lane_mins[lane] = lane_mins[lane].min(v);
            }
        }
        mins.extend_from_slice(&lane_mins[..chunk.len()]);
    }
    mins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_at_a_time(permutations: &[(u64, u64)], shingles: &[u64]) -> Vec<u32> {
        permutations
            .iter()
            .map(|&(a, b)| {
                shingles
                    .iter()
                    .map(|&x| (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32)
                    .min()
                    .unwrap_or(u32::MAX)
            })
            .collect()
    }

    #[test]
    fn every_path_gives_the_definition() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (num_perm, num_shingles) in [(128, 500), (13, 7), (8, 0), (3, 1)] {
            let permutations: Vec<(u64, u64)> = (0..num_perm).map(|_| (next() | 1, next())).collect();
            let shingles: Vec<u64> = (0..num_shingles).map(|_| next()).collect();
            let expected = one_at_a_time(&permutations, &shingles);
            assert_eq!(minima_lanes(&permutations, &shingles), expected);
            assert_eq!(minima(&permutations, &shingles), expected);
            #[cfg(target_arch = "x86_64")]
            {
                if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512dq") {
                    // SAFETY: features checked.
                    assert_eq!(unsafe { minima_avx512(&permutations, &shingles) }, expected);
                }
                if std::is_x86_feature_detected!("avx2") {
                    // SAFETY: features checked.
                    assert_eq!(unsafe { minima_avx2(&permutations, &shingles) }, expected);
                }
            }
        }
    }
}
