// End-of-run classification of each lane (docs/equations.md, "Classification"), from the orbit window the
// step kernel left on the GPU; nothing per lane is read back before this pass.
//   diverged   status != 0 (escape step = status - 1)
//   tol        rtol max(max_j |x_j|, 1e-3) per series (x = output, x = loss), over the window
//   period 1   max x - min x <= tol for both series (the step kernel keeps the window's ranges, so this
//              needs no orbit reads): `converged`, or `collapsed` when the final loss - lossMin > lossTol
//              (settled at a stationary point that is not a minimum)
//   period p   else the smallest 2 <= p <= maxPeriod with |x_i - x_{i mod p}| <= tol for every i in the
//              window, both series (each residue class stays within tol of its first value, so a slow
//              drift is never taken for a cycle, and a cycle of one series alone is not called periodic)
//   otherwise  `chaotic` when the finite-time Lyapunov exponent is > lyapTol, else `aperiodic`
// It also turns the step kernel's running sums into results, in place in `latest`:
//   ACC_LYAP    <- (1 / (W - 1)) sum log ||J_t e_t||          (NaN when not computed)
//   ACC_SUM_V   <- Sohl-Dickstein's signed measure: -sum v_t if mean(v over the last 20) < 1, else +sum 1/v_t
// and, where the run reads its lanes' rows (ROWS), writes NaN into the OBS_* rows of diverged lanes, so a host
// copies rows without a per-lane loop.
// Output classes[lane] = kind | (period << 8), kind codes from src/engine/plan/lane-rows.ts (CLASS_*).

struct ClassifyUniforms {
  lanes: u32,      // lanes in this tile
  window: u32,     // W iterates in the orbit
  maxPeriod: u32,  // longest period searched (<= W / 2)
  rtol: f32,       // relative tolerance of the period test
  lossTol: f32,    // converged lanes with final loss - lossMin above this are `collapsed`
  lyapTol: f32,    // exponents above this are chaotic
  nanBits: u32,    // 0x7fc00000: a NaN for missing values (WGSL rejects NaN constants)
}

// Overrides, not uniforms: SwiftShader runs every instruction of a kernel for every invocation, untaken
// branches included, so a feature the run does not use is compiled out (bench/RESULTS.md, 2026-12-07).
override LYAPUNOV: bool; // ACC_LYAP holds a tangent-map sum (the step kernel's LYAPUNOV)
override MEASURE: bool;  // ACC_SUM_* hold the convergence measure's sums (the step kernel's MEASURE)
// The run reads the OBS_* rows (a lanes readback, a map coloured by kappa); a figure of classes does not, and
// the NaN rows of diverged lanes are 7 stores a lane, run in every lane on SwiftShader.
override ROWS: bool;
override NUM_OBS: u32; // rows 0..NUM_OBS-1 of `latest` are the observables (src/engine/plan/lane-rows.ts)
override OBS_LOSS: u32;
override ACC_L0: u32;
override ACC_SUM_V: u32;
override ACC_SUM_INV: u32;
override ACC_LYAP: u32;
override ACC_WIN_OUT_LO: u32;
override ACC_WIN_OUT_HI: u32;
override ACC_WIN_LOSS_LO: u32;
override ACC_WIN_LOSS_HI: u32;
override CLASS_CONVERGED: u32;
override CLASS_PERIODIC: u32;
override CLASS_CHAOTIC: u32;
override CLASS_APERIODIC: u32;
override CLASS_DIVERGED: u32;
override CLASS_COLLAPSED: u32;
override WG: u32;

@group(0) @binding(0) var<uniform> u: ClassifyUniforms;              // this tile's sizes and tolerances
@group(0) @binding(1) var<storage, read> status: array<u32>;           // 0 or divergence step + 1
@group(0) @binding(2) var<storage, read_write> latest: array<f32>;     // OBS_* and ACC_* rows (lanes.wgsl)
@group(0) @binding(3) var<storage, read> orbit: array<vec2<f32>>;      // orbit[slot * lanes + lane] = (output, loss)
@group(0) @binding(4) var<storage, read> optHyper: array<f32>;         // OptHyper words; lossMin at LOSS_MIN_WORD
@group(1) @binding(0) var<storage, read_write> classes: array<u32>;    // kind | period << 8

override HYPER_WORDS: u32;   // words per OptHyper struct
override LOSS_MIN_WORD: u32; // word of lossMin in OptHyper

// True when the orbit repeats with period p within tol, both series at once: |x_i - x_{i mod p}| <= tol for
// every p <= i < W (NaN fails). One vec2 load a slot and a residue counter in place of i % p.
fn repeats(lane: u32, p: u32, tol: vec2<f32>) -> bool {
  let L = u.lanes;
  var r = 0u; // i mod p
  for (var i = p; i < u.window; i++) {
    let a = orbit[r * L + lane];
    let b = orbit[i * L + lane];
    if (!all(abs(a - b) <= tol)) {
      return false;
    }
    r = select(r + 1u, 0u, r + 1u == p);
  }
  return true;
}

@compute @workgroup_size(WG)
fn classify(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  let L = u.lanes;
  let nan = bitcast<f32>(u.nanBits);
  let steps = max(1.0, f32(u.window - 1u));
  latest[ACC_LYAP * L + lane] = select(nan, latest[ACC_LYAP * L + lane] / steps, LYAPUNOV);
  if (MEASURE) {
    var recent = 0.0;
    let l0 = latest[ACC_L0 * L + lane];
    let n = min(20u, u.window);
    for (var i = u.window - n; i < u.window; i++) {
      let v = orbit[i * L + lane].y / l0;
      recent += select(1e6, v, v <= 1e6);
    }
    let converged = status[lane] == 0u && recent / f32(n) < 1.0;
    let score = select(latest[ACC_SUM_INV * L + lane], -latest[ACC_SUM_V * L + lane], converged);
    latest[ACC_SUM_V * L + lane] = score;
  } else if (ROWS) {
    latest[ACC_SUM_V * L + lane] = nan;
  }
  if (status[lane] != 0u) {
    classes[lane] = CLASS_DIVERGED;
    for (var row = 0u; row < NUM_OBS && ROWS; row++) {
      latest[row * L + lane] = nan;
    }
    latest[ACC_LYAP * L + lane] = nan;
    return;
  }
  let lo = vec2<f32>(latest[ACC_WIN_OUT_LO * L + lane], latest[ACC_WIN_LOSS_LO * L + lane]);
  let hi = vec2<f32>(latest[ACC_WIN_OUT_HI * L + lane], latest[ACC_WIN_LOSS_HI * L + lane]);
  let tol = u.rtol * max(max(abs(lo), abs(hi)), vec2<f32>(1e-3));
  var period = 0u;
  if (all(hi - lo <= tol)) {
    period = 1u;
  } else {
    for (var p = 2u; p <= u.maxPeriod; p++) {
      if (repeats(lane, p, tol)) {
        period = p;
        break;
      }
    }
  }
  var kind = CLASS_APERIODIC;
  if (period == 1u) {
    let lossMin = optHyper[lane * HYPER_WORDS + LOSS_MIN_WORD];
    kind = select(CLASS_CONVERGED, CLASS_COLLAPSED, latest[OBS_LOSS * L + lane] - lossMin > u.lossTol);
  } else if (period > 1u) {
    kind = CLASS_PERIODIC;
  } else if (latest[ACC_LYAP * L + lane] > u.lyapTol) {
    kind = CLASS_CHAOTIC;
  }
  classes[lane] = kind | (period << 8u);
}
