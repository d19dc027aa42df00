/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';

async function main(): Promise<void> {
  await benchColdStart();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
