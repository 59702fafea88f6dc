// eos-lab's public API: the engine, the spec, the result and its views. Node has no page weight to save, so
// the formula compiler is loaded here at once (browsers fetch it when a formula model first runs).
import * as formulaCompiler from './formula/compile.js';
import { provideFormulaCompiler } from './formula/loader.js';

provideFormulaCompiler(formulaCompiler);

export { Engine, type Progress, type RunOptions } from './engine/engine.js';
export type { RunResult } from './engine/read/result.js';
export { runReference, type ReferenceLane } from './engine/reference.js';
export { laneAlignment, laneEigs, laneOscillatingModes, laneSingular } from './engine/read/analyses.js';
export { predictedOscillatingModes } from './models/dln/analysis.js';
export { normalizeSpec, sweepablePaths } from './spec/normalize.js';
export { zoomSpec, type ZoomWindow, type Zoomed } from './spec/zoom.js';
export { SpecError } from './spec/errors.js';
export { OBSERVABLES, OPTIMIZER_NAMES, VECTOR_OBSERVABLES } from './spec/types.js';
export type { ExperimentSpec, NormalSpec, AxisSpec, Observable, OptimizerName } from './spec/types.js';
export { WebGPUUnavailableError, GPUFailureError } from './gpu/errors.js';
export { acquireDevice, type DeviceInfo } from './gpu/device.js';
export { MODELS, allModels, registerModel } from './models/registry.js';
export type { ModelModule } from './models/lane-module.js';
export { loadFormulaCompiler } from './formula/loader.js';
export { OPTIMIZERS } from './optim/index.js';
export { classify, classifyOrbit, type Classification } from './analysis/classify.js';
export { CLASSES, type LaneClass } from './engine/plan/lane-rows.js';
export type { Density, FinalField } from './engine/read/result.js';
export type { TileData } from './engine/read/result-types.js';
export { resultToJSON, type ResultJSON } from './views/json.js';
export { resultToCSV } from './views/csv.js';
