import fs from 'node:fs';
import path from 'node:path';

/**
 * The demo articles reference `media/demo/forgetting-curve.wav` (20 s) and
 * `media/demo/retrieval-practice.mp4` (30 s). The local MediaStore serves file ids `media/<p>`
 * from `<mediaDir>/<p>`, so on start we make sure both exist: the WAV is synthesised here (no
 * binary in git, no ffmpeg at runtime), the small MP4 is committed next to this file.
 */
export const DEMO_AUDIO = { fileId: 'media/demo/forgetting-curve.wav', durationSec: 20 };
export const DEMO_VIDEO = { fileId: 'media/demo/retrieval-practice.mp4', durationSec: 30 };
const COMMITTED_VIDEO = path.join(__dirname, 'media', 'retrieval-practice.mp4');

/**
 * 16-bit mono PCM WAV. A "speech-like" murmur: syllables of ~180 ms whose pitch wanders around
 * a voice's range, with a soft envelope and short pauses, so a player visibly plays something.
 */
export function synthesizeSpeechLikeWav(durationSec: number, sampleRate = 8000): Buffer {
  const samples = Math.round(durationSec * sampleRate);
  const data = Buffer.alloc(samples * 2);
  const syllable = Math.round(0.18 * sampleRate);
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    const n = Math.floor(i / syllable);
    const t = (i % syllable) / syllable;
    const pause = n % 7 === 6; // a breath every few syllables
    const pitch = 140 + 60 * Math.sin(n * 1.7) + 25 * Math.sin(n * 0.37);
    phase += (2 * Math.PI * pitch * (1 - 0.15 * t)) / sampleRate;
    const envelope = pause ? 0 : Math.sin(Math.PI * t) ** 2;
    // A few harmonics make it sound voiced rather than a pure beep.
    const v = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
    data.writeInt16LE(Math.round((envelope * v * 0.35 * 32767) / 1.75), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function pathFor(mediaDir: string, fileId: string): string {
  return path.join(mediaDir, fileId.replace(/^media\//, ''));
}

/** Writes the demo media under `mediaDir` unless already there. Idempotent. */
export function ensureDemoMedia(mediaDir: string): void {
  const audio = pathFor(mediaDir, DEMO_AUDIO.fileId);
  const video = pathFor(mediaDir, DEMO_VIDEO.fileId);
  fs.mkdirSync(path.dirname(audio), { recursive: true });
  if (!fs.existsSync(audio)) fs.writeFileSync(audio, synthesizeSpeechLikeWav(DEMO_AUDIO.durationSec));
  if (!fs.existsSync(video)) fs.copyFileSync(COMMITTED_VIDEO, video);
}
