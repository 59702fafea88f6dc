// Bifurcation density on the GPU: every recorded sample of one observable of every lane is binned into a
// (bins x columns) image with atomic adds, so the samples never leave the GPU (docs/equations.md, "Density").
//   column = (laneOffset + lane) % columns     (the first sweep axis)
//   x = sample * lr (when byLr: kappa = lr * sharpness), then log10(x) when logScale (x <= 0: out of range)
//   bin = floor((x - lo) / (hi - lo) * bins), x = hi in the last bin
// Mass conservation: each of the lanes x slots samples adds exactly one count to one of image, outOfRange,
// nonFinite (a non-finite sample) or diverged (every sample of a lane that diverged).

struct HistUniforms {
  lanes: u32,      // lanes in this tile
  laneOffset: u32, // global index of the tile's first lane
  columns: u32,    // image columns (= values on the first axis)
  slots: u32,      // recorded slots per lane
  row: u32,        // record row of the observable
  bins: u32,       // image rows
  logScale: u32,   // 1: bin log10(x)
  byLr: u32,       // 1: multiply samples by the lane's learning rate
  lo: f32,         // lower edge of bin 0 (log10 units when logScale)
  hi: f32,         // upper edge of the last bin
}

override WG: u32;
override NREC: u32;       // record rows (lanes.wgsl)
override HYPER_WORDS: u32; // words per OptHyper struct
override LR_WORD: u32;     // word of lr in OptHyper

@group(0) @binding(0) var<uniform> u: HistUniforms;                   // this tile and the binning
@group(0) @binding(1) var<storage, read> status: array<u32>;            // 0 or divergence step + 1
@group(0) @binding(2) var<storage, read> record: array<f32>;            // record[(slot * NREC + r) * lanes + lane]
@group(0) @binding(3) var<storage, read> optHyper: array<f32>;          // OptHyper words
@group(1) @binding(0) var<storage, read_write> image: array<atomic<u32>>;  // image[bin * columns + column]
@group(1) @binding(1) var<storage, read_write> counts: array<atomic<u32>>; // outOfRange, nonFinite, diverged

fn finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WG)
fn histogram(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  if (status[lane] != 0u) {
    atomicAdd(&counts[2], u.slots);
    return;
  }
  let column = (u.laneOffset + lane) % u.columns;
  let scale = select(1.0, optHyper[lane * HYPER_WORDS + LR_WORD], u.byLr == 1u);
  let width = u.hi - u.lo;
  for (var s = 0u; s < u.slots; s++) {
    var x = record[(s * NREC + u.row) * u.lanes + lane] * scale;
    if (!finite(x)) {
      atomicAdd(&counts[1], 1u);
      continue;
    }
    if (u.logScale == 1u) {
      if (!(x > 0.0)) {
        atomicAdd(&counts[0], 1u);
        continue;
      }
      x = log2(x) * 0.30102999566398120;
    }
    let f = (x - u.lo) / width * f32(u.bins);
    var bin = i32(floor(f));
    if (x == u.hi) {
      bin = i32(u.bins) - 1;
    }
    if (f >= 0.0 && bin >= 0 && bin < i32(u.bins)) {
      atomicAdd(&image[u32(bin) * u.columns + column], 1u);
    } else {
      atomicAdd(&counts[0], 1u);
    }
  }
}
