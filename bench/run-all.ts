/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';
import { benchAccess } from './access';
import { benchComments } from './comments';
import { benchPay } from './pay';
import { benchProgress } from './progress';

async function main(): Promise<void> {
  await benchColdStart();
  await benchAccess();
  await benchProgress();
  await benchComments();
  await benchPay();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
