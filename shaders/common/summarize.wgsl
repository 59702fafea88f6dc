// A tile's lanes into the run-wide buffers a figure is coloured from (read: 'color', src/engine/colors.ts): the
// class word as it is, and the value the colouring ranks (COLOR_BY):
//   class           (none: the class word says it)
//   period          the period (0 = none)
//   escape          status - 1 (the escape step; -1 = never diverged)
//   measure         the signed convergence measure (ACC_SUM_V after the classify pass)
//   kappa           lr x sharpness at the final iterate (NaN where diverged)
// and the Lyapunov exponent (for a hover readout of one lane).
// codes[at], values[at], lyapunov[at], at = laneOffset + lane: lane order over the whole run, so the colour pass,
// a WebGPU canvas and a one-lane readback find every lane of the run after its last tile.

struct SummaryUniforms {
  lanes: u32,      // lanes in this tile
  laneOffset: u32, // sweep index of the tile's first lane (minus the run's first lane)
}

override WG: u32;
override COLOR_BY: u32;     // 0 class, 1 period, 2 escape, 3 measure, 4 kappa
override OBS_SHARPNESS: u32; // row of the final sharpness in `latest`
override ACC_SUM_V: u32;     // row of the convergence measure after classification
override ACC_LYAP: u32;      // row of the Lyapunov exponent after classification
override HYPER_WORDS: u32;   // words per OptHyper struct
override LR_WORD: u32;       // word of lr in OptHyper

@group(0) @binding(0) var<uniform> u: SummaryUniforms;                // this tile
@group(0) @binding(1) var<storage, read> status: array<u32>;            // 0 or divergence step + 1
@group(0) @binding(2) var<storage, read> latest: array<f32>;            // latest[row * lanes + lane]
@group(0) @binding(3) var<storage, read> classes: array<u32>;           // kind | period << 8
@group(0) @binding(4) var<storage, read> optHyper: array<f32>;          // OptHyper words
@group(1) @binding(0) var<storage, read_write> codes: array<u32>;      // run-wide class words + 1
@group(1) @binding(1) var<storage, read_write> values: array<f32>;     // run-wide values of the colouring
@group(1) @binding(2) var<storage, read_write> lyapunov: array<f32>;   // run-wide Lyapunov exponents

@compute @workgroup_size(WG)
fn summarize(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  let at = u.laneOffset + lane;
  codes[at] = classes[lane] + 1u;
  var v = 0.0;
  if (COLOR_BY == 1u) {
    v = f32(classes[lane] >> 8u);
  } else if (COLOR_BY == 2u) {
    v = f32(status[lane]) - 1.0;
  } else if (COLOR_BY == 3u) {
    v = latest[ACC_SUM_V * u.lanes + lane];
  } else if (COLOR_BY == 4u) {
    v = latest[OBS_SHARPNESS * u.lanes + lane] * optHyper[lane * HYPER_WORDS + LR_WORD];
  }
  values[at] = v;
  lyapunov[at] = latest[ACC_LYAP * u.lanes + lane];
}
