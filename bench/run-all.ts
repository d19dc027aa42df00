/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';
import { benchComments } from './comments';

async function main(): Promise<void> {
  await benchColdStart();
  await benchComments();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
