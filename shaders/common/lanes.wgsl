// Lane bookkeeping shared by every model's step kernel: per-dispatch uniforms, lane-minor state, per-lane
// hyperparameters, divergence status, the recorded window and the latest observables.
//
// Layouts (L = u.lanes, the lanes of this tile; P = PARAMS, the model's parameter count):
//   state[(block * P + k) * L + lane]   lane-minor, so neighbouring invocations touch neighbouring words.
//                                       block 0 = parameters w, VEL_BLOCK = momentum velocity m,
//                                       EIG_BLOCK = warm-start eigenvector of the power iteration.
//   optHyper[lane], modelHyper[lane]    one struct per lane (read once per dispatch, so layout is not hot).
//   status[lane]                        0 = running; t + 1 = iterate w_t had a non-finite loss or loss > maxLoss.
//   record[(slot * NREC + r) * L + lane] slot s holds iterate t = recordFirst + s * recordEvery; r = REC_*.
//   latest[o * L + lane]                o = OBS_*; after the dispatch that evaluates t = totalSteps: final values.

struct StepUniforms {
  lanes: u32,       // lanes in this tile
  stepStart: u32,   // first iterate index t handled by this dispatch
  stepEnd: u32,     // one past the last iterate index of this dispatch (at most totalSteps + 1)
  totalSteps: u32,  // S: w_S is the last iterate; at t = S the kernel evaluates and does not update
  recordFirst: u32, // first recorded iterate
  recordEvery: u32, // stride between recorded iterates (>= 1)
  sharpEvery: u32,  // evaluate sharpness when t % sharpEvery == 0; 0 = only at t = S
  sharpIters: u32,  // power iterations per evaluation
  maxLoss: f32,     // divergence bound on the loss
}

// Observable indices into `latest` (fixed; see src/engine/layout.ts OBSERVABLES).
const OBS_LOSS: u32 = 0u;
const OBS_GRAD_NORM: u32 = 1u;
const OBS_OUTPUT: u32 = 2u;
const OBS_BALANCE: u32 = 3u;
const OBS_SHARPNESS: u32 = 4u;

// Record row of each observable in `record`, or -1 when it is not recorded; NREC rows in all.
override REC_LOSS: i32 = -1;
override REC_GRAD_NORM: i32 = -1;
override REC_OUTPUT: i32 = -1;
override REC_BALANCE: i32 = -1;
override REC_SHARPNESS: i32 = -1;
override NREC: u32 = 1u;
// Block of the momentum velocity and of the eigenvector in `state`.
override VEL_BLOCK: u32 = 1u;
override EIG_BLOCK: u32 = 1u;

@group(0) @binding(0) var<uniform> u: StepUniforms;                      // this dispatch's step range
@group(0) @binding(1) var<storage, read_write> state: array<f32>;        // w, m, eigenvector (layout above)
@group(0) @binding(2) var<storage, read> optHyper: array<OptHyper>;      // per-lane optimizer constants
@group(0) @binding(3) var<storage, read> modelHyper: array<ModelHyper>;  // per-lane model constants
@group(0) @binding(4) var<storage, read_write> status: array<u32>;       // 0 or divergence step + 1
@group(0) @binding(5) var<storage, read_write> record: array<f32>;       // recorded window
@group(0) @binding(6) var<storage, read_write> latest: array<f32>;       // latest value of each observable

fn record_value(row: i32, slot: u32, lane: u32, value: f32) {
  if (row >= 0) {
    record[(slot * NREC + u32(row)) * u.lanes + lane] = value;
  }
}
