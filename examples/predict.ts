/**
 * Recognise the emotion of audio files with the bundled model (ESM).
 *   npx tsx examples/predict.ts samples/angry.wav [more.wav …]
 */
import { EmotionRecognizer, SerError } from 'emotion-recog';

const files = process.argv.slice(2);
if (files.length === 0) files.push(new URL('../samples/angry.wav', import.meta.url).pathname);
const recognizer = await EmotionRecognizer.load();
for (const file of files) {
  try {
    const { emotion, confidence, scores } = await recognizer.recognize(file);
    console.log(JSON.stringify({ file, emotion, confidence: +confidence.toFixed(3), scores }));
  } catch (e) {
    if (SerError.is(e)) console.log(JSON.stringify({ file, error: e.code, message: e.message }));
    else throw e;
  }
}
await recognizer.dispose();
