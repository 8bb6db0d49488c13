/** The experiments read the corpora as the scripts do (scripts/corpora.ts). */
export { CORPUS_DIRS, corpusItems } from '../corpora.js';
