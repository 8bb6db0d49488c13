/**
 * Typed errors with stable codes. Every error the library throws on bad input is a `SerError`
 * whose `code` programs can switch on and whose message says what was wrong and what to do.
 * Layer 0: imports nothing.
 */

/** Stable error codes; see docs/errors.md for causes and remedies. */
export type SerErrorCode =
  | 'SER_INVALID_ARGUMENT'
  | 'SER_UNSUPPORTED_AUDIO'
  | 'SER_CORRUPT_AUDIO'
  | 'SER_EMPTY_AUDIO'
  | 'SER_SHAPE_MISMATCH'
  | 'SER_NOT_FITTED'
  | 'SER_UNKNOWN_LABEL'
  | 'SER_BACKEND_UNAVAILABLE'
  | 'SER_MODEL_FORMAT'
  | 'SER_DATASET'
  | 'SER_IO'
  | 'SER_NO_SPEECH'
  | 'SER_TIMEOUT'
  | 'SER_MISSING_DEPENDENCY'
  | 'SER_FRONT_END_MISMATCH';

const MARKER = Symbol.for('emotion-recog.error');

/** Base class of every error thrown by emotion-recog. */
export class SerError extends Error {
  readonly [MARKER] = true;
  readonly code: SerErrorCode;

  constructor(code: SerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  /** True when `e` is a SerError (from any copy of the library), optionally with the given code. */
  static is(e: unknown, code?: SerErrorCode): e is SerError {
    return (
      typeof e === 'object' &&
      e !== null &&
      (e as Record<symbol, unknown>)[MARKER] === true &&
      (code === undefined || (e as SerError).code === code)
    );
  }
}

/** A public option or argument is out of its valid range or of the wrong type. */
export class InvalidArgumentError extends SerError {
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    readonly expected: string,
    message: string,
  ) {
    super('SER_INVALID_ARGUMENT', message);
  }
}

/** The audio container or encoding is valid but not supported (e.g. MP3, a WAV format tag we do not decode). */
export class UnsupportedAudioError extends SerError {
  constructor(
    message: string,
    readonly format?: string,
    readonly formatTag?: number,
    readonly bitsPerSample?: number,
  ) {
    super('SER_UNSUPPORTED_AUDIO', message);
  }
}

/** The audio bytes are damaged: truncated, inconsistent sizes, wrong magic, NaN/Inf samples. */
export class CorruptAudioError extends SerError {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super('SER_CORRUPT_AUDIO', message);
  }
}

/** The audio decodes but holds no samples (or too few for the requested operation). */
export class EmptyAudioError extends SerError {
  constructor(message: string) {
    super('SER_EMPTY_AUDIO', message);
  }
}

/** An array or tensor has a shape other than the one required. */
export class ShapeMismatchError extends SerError {
  constructor(
    readonly expected: readonly (number | null)[],
    readonly actual: readonly number[],
    message: string,
  ) {
    super('SER_SHAPE_MISMATCH', message);
  }
}

/** A component that must be fitted (scaler, label encoder) was used before fit() or fromJSON(). */
export class NotFittedError extends SerError {
  constructor(
    readonly component: string,
    message: string,
  ) {
    super('SER_NOT_FITTED', message);
  }
}

/** A label is not among the labels an encoder or model knows. */
export class UnknownLabelError extends SerError {
  constructor(
    readonly label: string,
    readonly known: readonly string[],
    message: string,
  ) {
    super('SER_UNKNOWN_LABEL', message);
  }
}

/** A tfjs backend was requested but its package is not installed or failed to initialise. */
export class BackendUnavailableError extends SerError {
  constructor(
    readonly backend: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('SER_BACKEND_UNAVAILABLE', message, options);
  }
}

/** A saved model bundle is missing, truncated, tampered with, or inconsistent with its metadata. */
export class ModelFormatError extends SerError {
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('SER_MODEL_FORMAT', message, options);
  }
}

/** A dataset folder or CSV does not look like what the loader expects. */
export class DatasetError extends SerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SER_DATASET', message, options);
  }
}

/** A file could not be read or written. */
export class IoError extends SerError {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('SER_IO', message, options);
  }
}

/**
 * The audio holds no speech to recognise: silence, noise, a steady tone or music (see
 * `detectSpeech`). `reason` says which; `measures` holds what the speech detector measured.
 */
export class NoSpeechError extends SerError {
  constructor(
    readonly reason: string,
    message: string,
    readonly measures?: Readonly<Record<string, number>>,
  ) {
    super('SER_NO_SPEECH', message);
  }
}

/**
 * Work on one input ran past its budget (a per-file deadline, or a decoder's bound on the work an
 * input of its size may take). `limit` is the budget that was exceeded, with its unit in `unit`.
 */
export class TimeoutError extends SerError {
  constructor(
    readonly limit: number,
    readonly unit: 'ms' | 'samples',
    message: string,
    options?: { cause?: unknown },
  ) {
    super('SER_TIMEOUT', message, options);
  }
}

/**
 * An optional package that this feature needs is not installed (onnxruntime-node, onnxruntime-web,
 * bullmq …). `packageName` is what to install.
 */
export class MissingDependencyError extends SerError {
  constructor(
    readonly packageName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('SER_MISSING_DEPENDENCY', message, options);
  }
}

/**
 * A model bundle needs a pretrained front-end model that is missing or not the file it was
 * trained with (its SHA-256 differs). `expected` and `actual` are hex SHA-256 digests (`actual`
 * is null when the file is missing).
 */
export class FrontEndMismatchError extends SerError {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string | null,
    message: string,
  ) {
    super('SER_FRONT_END_MISMATCH', message);
  }
}
