// One shared engine for the GPU suites; fails loudly (never skips) when no adapter exists.
import { Engine } from '../src/engine/engine.js';

let engine: Promise<Engine> | undefined;

export function testEngine(): Promise<Engine> {
  engine ??= Engine.create();
  return engine;
}
