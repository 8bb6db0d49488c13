/**
 * The browser example: live emotion from the microphone, files by drag-and-drop, and
 * fine-tuning on your own labelled files. Query parameters:
 *   ?backend=auto|webgl|wasm|cpu   tfjs backend (auto: webgl, then wasm, then cpu)
 *   ?engine=auto|tfjs               auto: the library's WASM engine; tfjs: run on the backend
 *   ?model=URL                      model bundle folder (default ./models/default/)
 *   ?hop=0.5                        seconds between live results
 */
import 'emotion-recog/backends/webgl'; // lets 'auto' pick WebGL when the browser has it
import * as tf from '@tensorflow/tfjs-core';
import {
  decodeBlob,
  decodeWithBrowser,
  listen,
  loadRecognizer,
  openMicrophone,
  type BackendName,
  type BrowserRecognizer,
  type Listener,
  type LiveRecognition,
  type PredictEngine,
} from 'emotion-recog/browser';
import { renderBars, renderLegend, StripChart } from './chart.js';
import { fineTune } from './fine-tune.js';

const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface FileRow {
  name: string;
  file: File;
  samples: Float32Array;
  sampleRate: number;
  decoder: string;
  emotion: string;
  confidence: number;
  scores: Readonly<Record<string, number>>;
  label: string;
  row: HTMLTableRowElement;
}

/** What the page exposes for the automated tests (and for poking around in the console). */
const hooks = {
  ready: false,
  error: null as string | null,
  info: null as null | { backend: string; tfBackend: string; engine: string; labels: readonly string[]; windowSec: number },
  live: [] as LiveRecognition[],
  silences: 0,
  listening: false,
  mic: null as null | { sampleRate: number; trackStates: string[]; contextState: string },
  files: [] as Omit<FileRow, 'row' | 'file' | 'samples'>[],
  tune: null as null | { epochs: { epoch: number; loss: number; acc: number }[]; engine: string; done: boolean; error: string | null },
  tensors: () => tf.memory().numTensors,
  /** Save the (fine-tuned) model in the browser, e.g. 'indexeddb://my-emotions'. */
  save: (url: string) => loaded.recognizer.save(url),
  /** Load a saved bundle and recognise dropped file `index` with it (scores). */
  recognizeWith: async (url: string, index: number) => {
    const other = await loadRecognizer(url, { backend: loaded.backend.name, engine: params.get('engine') === 'tfjs' ? 'tfjs' : 'auto' });
    const r = await other.recognizer.recognize({ samples: rows[index]!.samples, sampleRate: rows[index]!.sampleRate });
    await other.recognizer.dispose();
    return r.scores;
  },
  /**
   * Play dropped file `index` through an AudioBufferSourceNode → GainNode in a context at the
   * file's rate and listen to the GainNode (the AudioNode path of listen()).
   */
  listenToFile: async (index: number, hopSec: number, minSpeechSec?: number) => {
    const r = rows[index]!;
    const ctx = new AudioContext({ sampleRate: r.sampleRate });
    const buffer = ctx.createBuffer(1, r.samples.length, r.sampleRate);
    buffer.copyToChannel(r.samples as Float32Array<ArrayBuffer>, 0);
    const src = ctx.createBufferSource();
    src.buffer = buffer;
    const gain = ctx.createGain();
    src.connect(gain);
    const results: LiveRecognition[] = [];
    const l = await listen(loaded.recognizer, gain, { hopSec, ...(minSpeechSec !== undefined ? { minSpeechSec } : {}), onResult: (x) => results.push(x) });
    await ctx.resume();
    const ended = new Promise((resolve) => (src.onended = resolve));
    src.start();
    await ended;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second of silence after it
    await l.stop();
    const contextState = ctx.state;
    await ctx.close();
    return { results, contextState, sampleRate: ctx.sampleRate };
  },
  /** Decode dropped file `index` with the browser's decodeAudioData (for comparisons). */
  decodeWithBrowser: async (index: number, sampleRate: number) => Array.from((await decodeWithBrowser(rows[index]!.file, { sampleRate })).getChannelData(0)),
};
(window as unknown as { __ser: typeof hooks }).__ser = hooks;

const rows: FileRow[] = [];
let loaded: BrowserRecognizer;
let listener: Listener | null = null;
let stream: MediaStream | null = null;

async function main(): Promise<void> {
  loaded = await loadRecognizer(params.get('model') ?? './models/default/', {
    backend: (params.get('backend') ?? 'auto') as BackendName | 'auto',
    engine: (params.get('engine') ?? 'auto') as PredictEngine,
    wasmPaths: './tfjs-wasm/',
    logger: { warn: (m) => console.warn(m), info: (m) => console.info(m) },
  });
  const { recognizer, backend, engine } = loaded;
  const labels = recognizer.labels;
  hooks.info = { backend: backend.name, tfBackend: tf.getBackend(), engine, labels, windowSec: recognizer.predictor.pipeline.windowSec };
  const status = $('status');
  status.dataset.backend = backend.name;
  status.dataset.engine = engine;
  status.innerHTML = `Model ready · tfjs backend <b id="backend">${backend.name}</b> · compute <b id="engine">${engine === 'wasm-kernels' ? 'WASM SIMD engine' : `tfjs on ${backend.name}`}</b> · ${labels.length} emotions · ${hooks.info.windowSec.toFixed(2)} s window`;
  renderBars($('bars'), labels, Object.fromEntries(labels.map((l) => [l, 0])));
  renderLegend($('legend'), labels);
  const chart = new StripChart($<HTMLCanvasElement>('chart'), labels);

  // ---- microphone ----
  const mic = $<HTMLButtonElement>('mic');
  mic.disabled = false;
  mic.onclick = async () => {
    mic.disabled = true;
    try {
      if (listener) {
        await listener.stop();
        hooks.mic = { sampleRate: listener.sampleRate, trackStates: stream!.getTracks().map((t) => t.readyState), contextState: (listener.audioContext as AudioContext).state };
        listener = null;
        hooks.listening = false;
        mic.textContent = 'Start listening';
        mic.classList.remove('on');
      } else {
        stream = await openMicrophone();
        listener = await listen(recognizer, stream, {
          hopSec: Number(params.get('hop') ?? 0.5),
          onResult: (r) => {
            hooks.live.push(r);
            $('emotion').textContent = r.emotion;
            $('confidence').textContent = `${(r.confidence * 100).toFixed(0)} % · ${r.startSec.toFixed(1)}–${r.endSec.toFixed(1)} s`;
            renderBars($('bars'), labels, r.scores);
            chart.push(r.endSec, r.scores);
            const ms = hooks.live.reduce((s, x) => s + x.computeMs, 0) / hooks.live.length;
            $('speed').textContent = `${ms.toFixed(1)} ms compute per ${listener!.hopSec} s hop = ${(ms / listener!.hopSec).toFixed(1)} ms per second of audio (mic ${listener!.sampleRate} Hz → model ${recognizer.predictor.pipeline.config.sampleRate} Hz)`;
          },
          onSilence: (x) => {
            hooks.silences++;
            $('confidence').textContent = `no speech · ${x.startSec.toFixed(1)}–${x.endSec.toFixed(1)} s`;
            $('emotion').textContent = '…';
          },
          onError: (e) => (hooks.error = String(e)),
        });
        hooks.listening = true;
        hooks.mic = { sampleRate: listener.sampleRate, trackStates: stream.getTracks().map((t) => t.readyState), contextState: (listener.audioContext as AudioContext).state };
        mic.textContent = 'Stop listening';
        mic.classList.add('on');
      }
    } catch (e) {
      hooks.error = String(e);
      $('speed').textContent = `Microphone error: ${String(e)}`;
    } finally {
      mic.disabled = false;
    }
  };

  // ---- files ----
  const tbody = $('files').querySelector('tbody')!;
  const tune = $<HTMLButtonElement>('tune');
  const sampleRate = recognizer.predictor.pipeline.config.sampleRate;
  const show = (r: FileRow) => {
    const scores = labels.map((l) => `${l.slice(0, 3)} ${(r.scores[l]! * 100).toFixed(0)}`).join(' · ');
    r.row.cells[1]!.textContent = `${r.emotion} (${(r.confidence * 100).toFixed(0)} %)`;
    r.row.cells[2]!.textContent = scores;
  };
  const publish = () => (hooks.files = rows.map(({ name, sampleRate: sr, decoder, emotion, confidence, scores, label }) => ({ name, sampleRate: sr, decoder, emotion, confidence, scores, label })));
  const addFiles = async (files: Iterable<File>) => {
    for (const file of files) {
      try {
        const audio = await decodeBlob(file, { sampleRate });
        const rec = await recognizer.recognize(audio);
        const row = tbody.insertRow();
        row.insertCell().textContent = file.name;
        row.insertCell();
        row.insertCell();
        const select = document.createElement('select');
        select.dataset.file = String(rows.length);
        select.append(new Option('—', ''), ...labels.map((l) => new Option(l, l)));
        row.insertCell().append(select);
        const r: FileRow = { name: file.name, file, samples: audio.samples, sampleRate: audio.sampleRate, decoder: audio.decoder, emotion: rec.emotion, confidence: rec.confidence, scores: rec.scores, label: '', row };
        select.onchange = () => {
          r.label = select.value;
          tune.disabled = !rows.some((x) => x.label);
          publish();
        };
        rows.push(r);
        show(r);
      } catch (e) {
        hooks.error = `${file.name}: ${String(e)}`;
      }
    }
    publish();
  };
  const input = $<HTMLInputElement>('file');
  input.onchange = () => void addFiles(Array.from(input.files ?? []));
  const drop = $('drop');
  drop.ondragover = (e) => {
    e.preventDefault();
    drop.classList.add('over');
  };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void addFiles(Array.from(e.dataTransfer?.files ?? []));
  };

  // ---- fine-tuning on the labelled files ----
  tune.onclick = async () => {
    tune.disabled = true;
    const clips = rows.filter((r) => r.label).map((r) => ({ samples: r.samples, sampleRate: r.sampleRate, label: r.label }));
    const log = $('tune-log');
    log.textContent = `Fine-tuning on ${clips.length} clip(s)…\n`;
    hooks.tune = { epochs: [], engine: '', done: false, error: null };
    try {
      const history = await fineTune(recognizer, clips, {
        epochs: Number($<HTMLInputElement>('epochs').value) || 5,
        onEpochEnd: (e) => {
          hooks.tune!.epochs.push({ epoch: e.epoch, loss: e.loss, acc: e.acc });
          log.textContent += `epoch ${e.epoch}: loss ${e.loss.toFixed(3)}, accuracy ${(e.acc * 100).toFixed(0)} % (${(e.seconds * 1000).toFixed(0)} ms)\n`;
        },
      });
      hooks.tune.engine = history.engine;
      for (const r of rows) {
        const rec = await recognizer.recognize({ samples: r.samples, sampleRate: r.sampleRate });
        Object.assign(r, { emotion: rec.emotion, confidence: rec.confidence, scores: rec.scores });
        show(r);
      }
      publish();
      log.textContent += `Done (${history.engine}); the table shows the fine-tuned model's answers.\n`;
    } catch (e) {
      hooks.tune.error = String(e);
      log.textContent += `Failed: ${String(e)}\n`;
    } finally {
      hooks.tune.done = true;
      tune.disabled = false;
    }
  };
  hooks.ready = true;
}

main().catch((e: unknown) => {
  hooks.error = String(e);
  $('status').textContent = `Could not start: ${String(e)}`;
});
