/** The library version, written into saved model bundles. Keep in step with package.json (a test checks). */
export const LIBRARY_VERSION = '0.1.0';
