/**
 * The browser GPU backend (`@tensorflow/tfjs-backend-webgl`, an optional peer: install it to use
 * this entry). Needs a WebGL context, so it works in browsers, not in plain Node. Importing this
 * entry registers it; `initBackend('auto')` prefers it in the browser.
 * @example
 * import { webglBackend } from 'emotion-recog/backends/webgl';
 * await webglBackend.init();
 */
import '@tensorflow/tfjs-backend-webgl';
import { ensureTfSetup } from '../model/tf-setup.js';
import { activateTfBackend, registerBackendPlugin, type Backend } from './backend.js';

/** The webgl backend plug-in (tfjs name `'webgl'`). */
export const webglBackend: Backend = Object.freeze({
  name: 'webgl',
  tfName: 'webgl',
  async init(): Promise<void> {
    ensureTfSetup();
    await activateTfBackend('webgl', 'webgl', "WebGL needs a browser with a GPU context; use the 'wasm' or 'cpu' backend elsewhere");
  },
});

registerBackendPlugin(webglBackend);
