/**
 * The plain-JavaScript backend (`@tensorflow/tfjs-backend-cpu`): slowest, but always available,
 * exact, and supports every training kernel. Importing this entry registers it.
 * @example
 * import { cpuBackend } from 'emotion-recog/backends/cpu';
 * await cpuBackend.init();
 */
import '@tensorflow/tfjs-backend-cpu';
import { ensureTfSetup } from '../model/tf-setup.js';
import { activateTfBackend, registerBackendPlugin, type Backend } from './backend.js';

/** The cpu backend plug-in (tfjs name `'cpu'`). */
export const cpuBackend: Backend = Object.freeze({
  name: 'cpu',
  tfName: 'cpu',
  async init(): Promise<void> {
    ensureTfSetup();
    await activateTfBackend('cpu', 'cpu', 'Reinstall @tensorflow/tfjs-backend-cpu (npm install @tensorflow/tfjs-backend-cpu)');
  },
});

registerBackendPlugin(cpuBackend);
