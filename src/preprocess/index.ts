/**
 * Preprocessing (layer 3): per-feature standardisation and label encoding. Plain TypeScript over
 * `Float32Array`s; may import only `errors`, `types` and `internal` — never `@tensorflow/*`.
 * @module
 */
export {
  StandardScaler,
  STANDARD_SCALER_DEFAULTS,
  resolveStandardScalerConfig,
  type StandardScalerOptions,
  type StandardScalerConfig,
  type StandardScalerJson,
} from './standard-scaler.js';
export { OneHot, type OneHotJson } from './one-hot.js';
