/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';
import { benchAccess } from './access';

async function main(): Promise<void> {
  await benchColdStart();
  await benchAccess();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
