/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';
import { benchProgress } from './progress';

async function main(): Promise<void> {
  await benchColdStart();
  await benchProgress();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
