/**
 * Recognise the emotion of audio files with the bundled model (CommonJS).
 *   node examples/predict.cjs samples/angry.wav
 */
const path = require('node:path');
const { EmotionRecognizer } = require('emotion-recog');

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) files.push(path.join(__dirname, '..', 'samples', 'angry.wav'));
  const recognizer = await EmotionRecognizer.load();
  for (const file of files) {
    const { emotion, scores } = await recognizer.recognize(file);
    console.log(JSON.stringify({ file, emotion, scores }));
  }
  await recognizer.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
