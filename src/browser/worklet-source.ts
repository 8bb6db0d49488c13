/**
 * The AudioWorklet processor that taps live audio for {@link listen}: it mixes its input to
 * mono (silence while no source is active) and posts Float32Array chunks of `chunkSize` frames to the main thread (transferred, not
 * copied). Kept as source text so it can be loaded from a Blob URL: no extra file to serve and
 * nothing for a bundler to resolve.
 */

/** Name under which the processor is registered in an AudioWorkletGlobalScope. */
export const CAPTURE_PROCESSOR_NAME = 'emotion-recog-capture';

/** Message the main thread sends to end the processor (it then returns false from process()). */
export const CAPTURE_STOP_MESSAGE = 'stop';

/**
 * Processor source. Runs in the audio rendering thread: no allocation per render quantum except
 * when a chunk is full and handed over. `processorOptions.chunkSize` frames per message.
 */
export const CAPTURE_WORKLET_SOURCE = `
class EmotionRecogCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const size = (options && options.processorOptions && options.processorOptions.chunkSize) | 0;
    this.size = size > 0 ? size : 2048;
    this.buf = new Float32Array(this.size);
    this.n = 0;
    this.alive = true;
    this.port.onmessage = (e) => { if (e.data === ${JSON.stringify(CAPTURE_STOP_MESSAGE)}) this.alive = false; };
  }
  process(inputs) {
    if (!this.alive) return false;
    // An input with no active source has zero channels: it counts as silence, so the stream
    // clock keeps running (a render quantum is 128 frames).
    const input = inputs[0] || [];
    const channels = input.length;
    const frames = channels > 0 ? input[0].length : 128;
    const scale = channels > 1 ? 1 / channels : 1;
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++) s += input[c][i];
      this.buf[this.n++] = s * scale;
      if (this.n === this.size) {
        this.port.postMessage(this.buf, [this.buf.buffer]);
        this.buf = new Float32Array(this.size);
        this.n = 0;
      }
    }
    return true;
  }
}
registerProcessor(${JSON.stringify(CAPTURE_PROCESSOR_NAME)}, EmotionRecogCapture);
`;
