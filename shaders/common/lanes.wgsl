// Lane buffers of the step kernel (bind group 0): per-dispatch uniforms, lane-minor state, per-lane
// hyperparameters, divergence status, the recorded window, the latest values and the classification orbit.
// Every row and block index below is an override without a default: src/engine/plan/lane-rows.ts is the one place
// that numbers them, and pipeline creation fails if one is not given.
//
// Layouts (L = u.lanes, the lanes of this tile; P = PARAMS, the model's parameter count):
//   state[(block * P + k) * L + lane]    lane-minor, so neighbouring invocations touch neighbouring words.
//                                        block 0 = parameters w, VEL_BLOCK = momentum velocity m,
//                                        EIG_BLOCK = power-iteration eigenvector, TAN_BLOCK = tangent vector.
//   optHyper[lane], modelHyper[lane]     one struct per lane (read once per dispatch).
//   status[lane]                         0 = running; t + 1 = iterate w_t had a non-finite loss or loss > maxLoss.
//   record[(slot * NREC + r) * L + lane] slot s holds iterate t = recordFirst + s * recordEvery; r = REC_*.
//   latest[row * L + lane]               row = OBS_* (values at the last evaluated iterate) or ACC_* (running sums).
//   orbit[slot * L + lane]               (output, loss) of iterate t = windowFirst + slot, the last W iterates.
//   stiff[i * L + lane]                  lambda_i of the spectrum pass's last evaluation (exp-euler, k >= 2).

struct StepUniforms {
  lanes: u32,       // lanes in this tile
  stepStart: u32,   // first iterate index t handled by this dispatch
  stepEnd: u32,     // one past the last iterate index of this dispatch (at most totalSteps + 1)
  totalSteps: u32,  // S: w_S is the last iterate; at t = S the kernel evaluates and does not update
  recordFirst: u32, // first recorded iterate (> S when nothing is recorded)
  recordEvery: u32, // stride between recorded iterates (>= 1)
  sharpEvery: u32,  // evaluate sharpness when t % sharpEvery == 0; 0 = only at t = S
  sharpIters: u32,  // most power iterations per evaluation
  sharpTol: f32,    // stop once ||H e - lambda e|| <= sharpTol |lambda| (relative residual)
  maxLoss: f32,     // divergence bound on the loss
  windowFirst: u32, // first iterate of the classification window (S - W + 1)
  finalSharp: u32,  // 1: evaluate the sharpness at t = S; 0: no one reads it (a figure's classes or density)
  zero: u32,        // always 0: precision "double"'s barrier operand (common/df64.wgsl), unknown to compilers
}

override OBS_LOSS: u32;
override OBS_GRAD_NORM: u32;
override OBS_OUTPUT: u32;
override OBS_BALANCE: u32;
override OBS_SHARPNESS: u32;
override OBS_RESIDUAL: u32;
override OBS_TIME: u32;
override ACC_L0: u32;      // loss of w_0 (convergence measure)
override ACC_SUM_V: u32;   // sum_t min(L_t / L_0, 1e6)
override ACC_SUM_INV: u32; // sum_t 1 / min(L_t / L_0, 1e6)
override ACC_LYAP: u32;    // sum of log ||J_t e_t|| over the window (tangent map)
override ACC_WIN_OUT_LO: u32;  // min and max of the output over the window so far
override ACC_WIN_OUT_HI: u32;
override ACC_WIN_LOSS_LO: u32; // min and max of the loss over the window so far
override ACC_WIN_LOSS_HI: u32;
// Record row of each observable in `record`, or -1 when it is not recorded; NREC rows in all.
override REC_LOSS: i32;
override REC_GRAD_NORM: i32;
override REC_OUTPUT: i32;
override REC_BALANCE: i32;
override REC_SHARPNESS: i32;
override REC_RESIDUAL: i32;
override REC_TIME: i32;
override NREC: u32;
override WG: u32; // workgroup size (lane family: lanes per workgroup; workgroup family: invocations per lane)
override VEL_BLOCK: u32;
override EIGS_BLOCK: u32; // first state block of the spectrum pass's basis (common/spectrum.wgsl; 0 when none)
override STIFF_K: u32;    // exp-euler's stiff dimension k when >= 2, else 0 (stepping.wgsl stiff_update)
override EIG_BLOCK: u32;
override TAN_BLOCK: u32;
// Sohl-Dickstein's running sums (a division a step: only compiled in when asked for).
override MEASURE: bool;
// Finite-time Lyapunov exponent over the window from the tangent map J = I - lr H (plain GD only).
override LYAPUNOV: bool;

@group(0) @binding(0) var<uniform> u: StepUniforms;                      // this dispatch's step range
@group(0) @binding(1) var<storage, read_write> state: array<f32>;        // w, m, eigenvector, tangent
@group(0) @binding(2) var<storage, read> optHyper: array<OptHyper>;      // per-lane optimizer constants
@group(0) @binding(3) var<storage, read> modelHyper: array<ModelHyper>;  // per-lane model constants
@group(0) @binding(4) var<storage, read_write> status: array<u32>;       // 0 or divergence step + 1
@group(0) @binding(5) var<storage, read_write> record: array<f32>;       // recorded window
@group(0) @binding(6) var<storage, read_write> latest: array<f32>;       // OBS_* and ACC_* rows
@group(0) @binding(7) var<storage, read_write> orbit: array<vec2<f32>>;  // classification window
@group(0) @binding(10) var<storage, read_write> stiff: array<f32>;     // latest top eigenvalues, stiff[i * L + lane]

var<private> laneNow: u32; // the lane the invocation steps (set by advance(), read where no lane is passed)

fn record_value(row: i32, slot: u32, lane: u32, value: f32) {
  if (row >= 0) {
    record[(slot * NREC + u32(row)) * u.lanes + lane] = value;
  }
}

